import { createMockAgent, encodeSse, getScenario, scenarioText, sseEvent } from '../../src/testing/index.js'
import { type MockAgentServer, startMockAgentServer } from '../../src/testing/server/index.js'

let server: MockAgentServer
beforeAll(async () => {
  server = await startMockAgentServer({ port: 0, tokenDelayMs: 0 })
})
afterAll(async () => {
  await server.close()
})

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
