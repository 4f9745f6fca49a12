import { type AGUIEvent, EventType } from '@ag-ui/core'
import { EventSchema } from '@ag-ui/core/schemas'
import { EventEncoder } from '@ag-ui/encoder'
import { protocols } from '../../src/protocols/index.js'
import {
  createMockAgent,
  encodeSse,
  getScenario,
  scenarios,
  scenarioText,
  sseEvent,
} from '../../src/testing/index.js'
import { encodeErrorEvent } from '../../src/testing/wire-format.js'
import { setupMockAgentServer } from '../helpers/setup-server.js'
import { parseSse } from '../helpers/sse-fixture.js'
import { decodeFrames } from '../protocols/decode-helpers.js'

const server = setupMockAgentServer({ tokenDelayMs: 0 })

describe('one wire encoding for the Node server and the browser mock', () => {
  it.each(['markdown', 'thinking', 'tool-calls', 'multi-agent'])(
    'sends byte-identical SSE bodies for the %s scenario',
    async (scenario) => {
      const fromServer = await (
        await fetch(`${server.url}/api/chat?scenario=${scenario}&ids=0&delayMs=0`, {
          method: 'POST',
          body: '{}',
        })
      ).text()
      const agent = createMockAgent({ tokensPerSecond: 0, timeToFirstTokenMs: 0, eventIds: false })
      const fromMock = await (await agent.fetch(`/api/chat?scenario=${scenario}`, { method: 'POST' })).text()
      expect(fromMock).toBe(fromServer)
      expect(fromMock).toBe(encodeSse('agent-events', getScenario(scenario).events).join(''))
    },
  )

  it.each(['openai-chat', 'ag-ui'])(
    'sends byte-identical %s bodies from the server and the browser mock',
    async (format) => {
      const fromServer = await (
        await fetch(`${server.url}/api/chat?scenario=tool-calls&format=${format}&delayMs=0`, {
          method: 'POST',
          body: '{}',
        })
      ).text()
      const agent = createMockAgent({ tokensPerSecond: 0, timeToFirstTokenMs: 0 })
      const fromMock = await (
        await agent.fetch(`/api/chat?scenario=tool-calls&format=${format}`, { method: 'POST' })
      ).text()
      expect(fromMock).toBe(fromServer)
      expect(fromServer).toBe(encodeSse(format as 'ag-ui', getScenario('tool-calls').events).join(''))
    },
  )

  it('sends the same plain text stream as the server GET endpoint', async () => {
    const fromServer = await (await fetch(`${server.url}/api/stream?delayMs=0`)).text()
    const agent = createMockAgent({ tokensPerSecond: 0, timeToFirstTokenMs: 0, format: 'plain-text' })
    const fromMock = await (await agent.fetch('/api/stream')).text()
    expect(fromMock).toBe(fromServer)
    expect(fromMock.split('\n\n').length).toBeGreaterThan(10)
    expect(scenarioText(getScenario('markdown'))).toContain('## Streaming')
  })

  it('writes multi-line data as one data line per line', () => {
    expect(sseEvent('a\nb', { id: '1', event: 'x' })).toBe('event: x\nid: 1\ndata: a\ndata: b\n\n')
  })
})

describe('the AG-UI wire format of the mock agent', () => {
  it.each(Object.keys(scenarios))(
    'writes the %s scenario as events @ag-ui/core accepts, byte for byte as @ag-ui/encoder would',
    (name) => {
      const official = new EventEncoder()
      for (const chunk of encodeSse('ag-ui', getScenario(name).events)) {
        const [frame] = parseSse(chunk)
        const event = EventSchema.parse(JSON.parse(frame?.data ?? '')) as AGUIEvent
        expect(official.encode(event)).toBe(chunk)
      }
    },
  )

  it.each(Object.keys(scenarios))('decodes back to the %s scenario with the ag-ui decoder', (name) => {
    const scenario = getScenario(name)
    const { transcript, diagnostics } = decodeFrames(
      protocols['ag-ui'],
      parseSse(encodeSse('ag-ui', scenario.events).join('')),
    )
    expect(diagnostics).toEqual([])
    expect(transcript.text).toBe(scenarioText(scenario))
    // Interactive scenarios stop waiting on the client's tools: their runs finish as 'tool-calls'.
    const reason = scenario.events.findLast((event) => event.type === 'finish')?.reason
    expect(transcript.finishes).toEqual([{ type: 'finish', reason }])
    const agents = scenario.events.flatMap((event) => (event.type === 'agent-start' ? [event.agent] : []))
    expect(transcript.agents.map((entry) => entry.agent)).toEqual(agents)
    const reasoning = scenario.events.flatMap((event) =>
      event.type === 'reasoning-delta' ? [event.text] : [],
    )
    expect(transcript.reasoning).toBe(reasoning.join(''))
  })

  it('ends an answer that fails mid-stream with RUN_ERROR', () => {
    const chunks = encodeSse('ag-ui', [
      { type: 'text-delta', text: 'Partial' },
      { type: 'error', message: 'model crashed', code: 'crash' },
    ])
    expect(chunks.map((chunk) => JSON.parse(parseSse(chunk)[0]?.data ?? '').type)).toEqual([
      EventType.RUN_STARTED,
      EventType.TEXT_MESSAGE_START,
      EventType.TEXT_MESSAGE_CONTENT,
      EventType.RUN_ERROR,
    ])
    // The browser mock's injected in-band error, too.
    const { events } = decodeFrames(protocols['ag-ui'], parseSse(encodeErrorEvent('ag-ui', 'injected')))
    expect(events).toEqual([{ type: 'error', message: 'injected' }])
  })
})
