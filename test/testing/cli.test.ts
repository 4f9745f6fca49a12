import { existsSync, readFileSync } from 'node:fs'
import { createParser, type EventSourceMessage } from 'eventsource-parser'
import { WebSocket } from 'ws'
import { createChatSession, immediateScheduler, messageText } from '../../src/core/index.js'
import { agentEventsProtocol, agUiProtocol } from '../../src/protocols/index.js'
import { getScenario, scenarioText } from '../../src/testing/index.js'
import {
  MOCK_AGENT_CLI_USAGE,
  type MockAgentCliServer,
  runMockAgentCli,
} from '../../src/testing/server/index.js'
import { createSseTransport } from '../../src/transports/index.js'

const running: MockAgentCliServer[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()))
})

/** Runs the CLI in-process on a free port; returns what it printed and the URLs read from it. */
async function cli(...flags: string[]) {
  let printed = ''
  const server = await runMockAgentCli(['--port', '0', '--delay', '0', ...flags], {
    stdout: (text) => {
      printed += text
    },
    handleSignals: false,
  })
  if (server === undefined) throw new Error(`the CLI did not start:\n${printed}`)
  running.push(server)
  const url = (pattern: RegExp) => {
    const match = printed.match(pattern)?.[1]
    if (match === undefined) throw new Error(`no ${pattern} in:\n${printed}`)
    return match
  }
  return { printed, url }
}

/** Reads an SSE response to its end (or until the connection drops); returns the events and how it ended. */
async function readEvents(response: Response) {
  const events: EventSourceMessage[] = []
  const parser = createParser({ onEvent: (event) => events.push(event) })
  const decoder = new TextDecoder()
  const reader = response.body!.getReader()
  let dropped = false
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      parser.feed(decoder.decode(chunk.value, { stream: true }))
  } catch {
    dropped = true
  }
  return { events, dropped }
}

const textOf = (events: readonly EventSourceMessage[]) =>
  events
    .map((event) => JSON.parse(event.data) as { type: string; text?: string })
    .filter((event) => event.type === 'text-delta')
    .map((event) => event.text)
    .join('')

describe('react-agent-stream-mock', () => {
  it('prints the URLs of a server that streams the markdown scenario as agent events', async () => {
    const { printed, url } = await cli()
    expect(printed).toMatch(/scenario markdown, fault none/)
    const chat = url(/agent-events\s+POST (http:\/\/\S+)/)
    const response = await fetch(chat, { method: 'POST', body: '{"messages":[]}' })
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const { events, dropped } = await readEvents(response)
    expect(dropped).toBe(false)
    expect(textOf(events)).toBe(scenarioText(getScenario('markdown')))
    expect(events.at(-1)?.data).toContain('"finish"')
  })

  it('serves --scenario as plain text on the GET URL that --protocol plain-text prints first', async () => {
    const { printed, url } = await cli('--protocol', 'plain-text', '--scenario', 'thinking')
    expect(printed.split('\n')[1]).toMatch(/^\s+plain-text\s+GET/)
    expect(printed).toContain("useStreamingChat({ protocol: 'plain-text'")
    const { events } = await readEvents(await fetch(url(/plain-text\s+GET\s+(http:\/\/\S+)/)))
    // Multi-line chunks arrive as several data lines, which the parser joins back with '\n'.
    expect(events.map((event) => event.data).join('')).toBe(scenarioText(getScenario('thinking')))
  })

  it('serves --scenario as AG-UI events on the URL that --protocol ag-ui prints first', async () => {
    const { printed, url } = await cli('--protocol', 'ag-ui', '--scenario', 'tool-calls')
    expect(printed.split('\n')[1]).toMatch(/^\s+ag-ui\s+POST/)
    expect(printed).toContain("protocol: 'ag-ui' })")
    const session = createChatSession({
      transport: createSseTransport({ retry: false }),
      protocol: agUiProtocol,
      api: url(/ag-ui\s+POST (http:\/\/\S+)/),
      scheduler: immediateScheduler,
    })
    const final = await session.send('Weather?')
    expect(final.status).toBe('complete')
    const answer = final.messages.at(-1)
    expect(answer && messageText(answer)).toBe(scenarioText(getScenario('tool-calls')))
    expect(answer?.parts.find((part) => part.type === 'tool-call')).toMatchObject({
      name: 'get_weather',
      args: { city: 'Paris', unit: 'C' },
      result: '{"temperature":18,"sky":"cloudy"}',
    })
  })

  it('with --fault drop, cuts every fresh answer and lets the kit resume it without a lost or repeated token', async () => {
    const { url } = await cli('--fault', 'drop')
    const chat = url(/agent-events\s+POST (http:\/\/\S+)/)

    const first = await readEvents(await fetch(chat, { method: 'POST', body: '{"messages":[]}' }))
    expect(first.dropped).toBe(true)
    expect(first.events).toHaveLength(8)
    const second = await readEvents(await fetch(chat, { method: 'POST', body: '{"messages":[]}' }))
    expect(second.dropped).toBe(true)

    const session = createChatSession({
      transport: createSseTransport({
        retry: { baseDelayMs: 5, minDelayMs: 1, maxDelayMs: 20 },
      }),
      protocol: agentEventsProtocol,
      api: chat,
      scheduler: immediateScheduler,
    })
    const final = await session.send('Hello')
    expect(final.status).toBe('complete')
    const answer = final.messages.at(-1)
    expect(answer && messageText(answer)).toBe(scenarioText(getScenario('markdown')))
    session.dispose()
  })

  it('with --fault drop, forwards the WebSocket and drops the first socket after 8 chunks', async () => {
    const { url } = await cli('--fault', 'drop', '--protocol', 'websocket-chunk')
    const socket = new WebSocket(url(/websocket-chunk\s+WS\s+(ws:\/\/\S+)/))
    const messages: string[] = []
    socket.on('message', (data) => messages.push(data.toString()))
    socket.on('open', () => socket.send('Hello'))
    const code = await new Promise<number>((resolve) => socket.on('close', resolve))
    expect(code).toBe(1006)
    expect(messages).toHaveLength(8)
    expect(messages.every((message) => message.includes('"type":"chunk"'))).toBe(true)
  })

  it('with --fault 500, answers every SSE request with HTTP 500', async () => {
    const { url } = await cli('--fault', '500')
    const chat = url(/agent-events\s+POST (http:\/\/\S+)/)
    expect((await fetch(chat, { method: 'POST', body: '{}' })).status).toBe(500)
    expect((await fetch(chat, { method: 'POST', body: '{}' })).status).toBe(500)
  })

  it('rejects an unknown fault profile with exit code 2 and the list of profiles, starting nothing', async () => {
    let errors = ''
    const exit = vi.fn()
    const server = await runMockAgentCli(['--fault', 'meltdown'], {
      stderr: (text) => {
        errors += text
      },
      exit,
      handleSignals: false,
    })
    expect(server).toBeUndefined()
    expect(exit).toHaveBeenCalledWith(2)
    expect(errors).toMatch(/--fault must be one of none, drop, .*slow; got 'meltdown'/)
  })

  it('prints the usage for --help and starts nothing', async () => {
    let printed = ''
    const server = await runMockAgentCli(['--help'], {
      stdout: (text) => {
        printed += text
      },
      handleSignals: false,
    })
    expect(server).toBeUndefined()
    expect(printed).toMatch(/^Usage: react-agent-stream-mock \[options\]/)
    for (const flag of ['--port', '--protocol', '--scenario', '--fault', '--help'])
      expect(printed).toContain(flag)
  })

  it('names in its usage only files the installed package has', () => {
    const named = [...MOCK_AGENT_CLI_USAGE.matchAll(/\b[\w-]+(?:\/[\w.-]+)+\.(?:md|ts|js)\b/g)].map(
      ([path]) => path,
    )
    expect(named).toEqual(['docs/mock-agent.md'])
    const files: string[] = JSON.parse(readFileSync('package.json', 'utf8')).files
    for (const path of named) {
      expect(existsSync(path), path).toBe(true)
      // `files` entries here are a directory, a file or `dir/*.ext`.
      const shipped = files.some((entry) =>
        new RegExp(`^${entry.replaceAll('.', '\\.').replace('*', '[^/]*')}(/|$)`).test(path),
      )
      expect(shipped, `${path} is in package.json "files"`).toBe(true)
    }
  })
})
