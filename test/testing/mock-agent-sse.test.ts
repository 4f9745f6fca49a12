import {
  type AgentEvent,
  type ChatSessionOptions,
  createChatSession,
  immediateScheduler,
  type ToolCallPart,
} from '../../src/core/index.js'
import { agentEventsProtocol, openAIChatProtocol, plainTextProtocol } from '../../src/protocols/index.js'
import { createMockAgent, getScenario, type MockAgentOptions, scenarioText } from '../../src/testing/index.js'
import { createSseTransport } from '../../src/transports/index.js'
import { createManualTimers } from '../helpers/manual-timers.js'
import { lastText, settle } from '../helpers/session-harness.js'

const instant = { tokensPerSecond: 0, timeToFirstTokenMs: 0 } satisfies MockAgentOptions
const fastRetry = { baseDelayMs: 5, minDelayMs: 1, maxDelayMs: 20 }
const markdown = scenarioText(getScenario('markdown'))

function chatWith(options: MockAgentOptions, session: Partial<ChatSessionOptions> = {}) {
  const agent = createMockAgent({ ...instant, ...options })
  const chat = createChatSession({
    transport: createSseTransport({ fetch: agent.fetch, retry: fastRetry }),
    protocol: agentEventsProtocol,
    scheduler: immediateScheduler,
    ...session,
  })
  return { agent, chat }
}

describe('createMockAgent fetch', () => {
  it('streams a scenario into the session in the kit JSON event format', async () => {
    const { agent, chat } = chatWith({})
    const final = await chat.send('Hello')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
    expect(agent.requests[0]).toMatchObject({ method: 'POST', url: 'http://mock-agent.local/api/chat' })
    expect(JSON.parse(agent.requests[0]?.body ?? '{}').messages[0].content).toBe('Hello')
    expect(agent.openStreams()).toBe(0)
  })

  it('answers a GET with the prompt in the query as plain text SSE', async () => {
    const { chat } = chatWith(
      { format: 'plain-text' },
      {
        protocol: plainTextProtocol,
        prepareRequest: ({ text }) => ({ url: `/stream?query=${encodeURIComponent(text)}`, method: 'GET' }),
      },
    )
    const final = await chat.send('tell me')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
  })

  it('speaks OpenAI chat chunks with reasoning and streamed tool-call arguments', async () => {
    const { chat } = chatWith(
      { format: 'openai-chat', thinking: true, toolCalls: true },
      { protocol: openAIChatProtocol },
    )
    const final = await chat.send('Weather?')
    expect(final.status).toBe('complete')
    const parts = final.messages.at(-1)?.parts ?? []
    expect(parts[0]).toMatchObject({ type: 'reasoning', state: 'done' })
    expect(parts.find((part) => part.type === 'tool-call') as ToolCallPart).toMatchObject({
      name: 'get_weather',
      args: { city: 'Paris', unit: 'C' },
    })
    expect(lastText(final)).toBe(markdown)
  })

  it('cuts text into chunks of chunkSize characters without splitting an emoji', async () => {
    const deltas: string[] = []
    const scenario = {
      name: 'emoji',
      description: '',
      events: [
        { type: 'text-delta', text: 'ab😀cd' },
        { type: 'text-delta', text: '😀😀e' },
        { type: 'finish' },
      ] satisfies AgentEvent[],
    }
    const { chat } = chatWith(
      { scenario, chunkSize: 3 },
      {
        onEvent: (event) => {
          if (event.type === 'text-delta') deltas.push(event.text)
        },
      },
    )
    const final = await chat.send('Hi')
    expect(lastText(final)).toBe('ab😀cd😀😀e')
    expect(deltas).toEqual(['ab😀', 'cd😀', '😀e'])
  })

  it('turns thinking and tool calls on and off', async () => {
    const withBoth = await chatWith({ scenario: 'markdown', thinking: true, toolCalls: true }).chat.send('Hi')
    const types = withBoth.messages.at(-1)?.parts.map((part) => part.type)
    expect(types).toEqual(['reasoning', 'tool-call', 'text'])
    const without = await chatWith({ scenario: 'tool-calls', thinking: false, toolCalls: false }).chat.send(
      'Hi',
    )
    expect(without.messages.at(-1)?.parts.map((part) => part.type)).toEqual(['text'])
  })

  it('streams a long answer when asked', async () => {
    const final = await chatWith({ longAnswer: 500 }).chat.send('Hi')
    expect(final.metrics.tokens).toBe(500)
  })

  it('waits timeToFirstTokenMs, then paces tokens at tokensPerSecond on injectable timers', async () => {
    const timers = createManualTimers()
    const { chat } = chatWith({ timers, timeToFirstTokenMs: 500, tokensPerSecond: 10 })
    void chat.send('Hi')
    await settle(20)
    timers.advance(499)
    await settle(20)
    expect(chat.getSnapshot().status).toBe('submitted')
    timers.advance(1)
    await settle(20)
    expect(chat.getSnapshot().metrics.tokens).toBe(1)
    timers.advance(100)
    await settle(20)
    expect(chat.getSnapshot().metrics.tokens).toBe(2)
    chat.stop()
  })

  it('injects a disconnect that the session resumes from with Last-Event-ID, without repeating a token', async () => {
    const { agent, chat } = chatWith({ disconnect: { afterEvents: 10 } })
    const final = await chat.send('Hi')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
    expect(final.metrics.reconnects).toBe(1)
    expect(agent.requests[1]?.headers['last-event-id']).toBe('m0-9')
  })

  it('picks the same random disconnect point for the same seed', async () => {
    const cursors = []
    for (const seed of [7, 7, 8]) {
      const { agent, chat } = chatWith({ seed, disconnect: {} })
      await chat.send('Hi')
      cursors.push(agent.requests[1]?.headers['last-event-id'])
    }
    expect(cursors[0]).toBeDefined()
    expect(cursors[0]).toBe(cursors[1])
    expect(cursors[2]).not.toBe(cursors[0])
  })

  it('ends interrupted after a disconnect when event ids are off', async () => {
    const final = await chatWith({ eventIds: false, disconnect: { afterEvents: 5 } }).chat.send('Hi')
    expect(final.error?.code).toBe('interrupted')
    expect(lastText(final).length).toBeGreaterThan(0)
  })

  it('answers an injected HTTP status, then streams once its times are used up', async () => {
    const retried = chatWith({ error: { status: 503, times: 1 } })
    const final = await retried.chat.send('Hi')
    expect(final.status).toBe('complete')
    expect(retried.agent.requests).toHaveLength(2)
    const refused = chatWith({ error: { status: 401 } })
    const failed = await refused.chat.send('Hi')
    expect(failed.error).toMatchObject({ code: 'unauthorized', status: 401 })
    expect(refused.agent.requests).toHaveLength(1)
  })

  it('injects an in-band error after some events, keeping the partial text', async () => {
    const final = await chatWith({ error: { message: 'Model overloaded', afterEvents: 3 } }).chat.send('Hi')
    expect(final.status).toBe('error')
    expect(final.error?.message).toBe('Model overloaded')
    expect(lastText(final)).toBe(
      getScenario('markdown')
        .events.slice(0, 3)
        .map((e) => (e.type === 'text-delta' ? e.text : ''))
        .join(''),
    )
  })

  it('closes the body when the session stops mid-answer', async () => {
    const { agent, chat } = chatWith({ tokensPerSecond: 1000, timeToFirstTokenMs: 0 })
    const done = chat.send('Hi')
    while (chat.getSnapshot().status !== 'streaming') await settle()
    chat.stop()
    expect((await done).status).toBe('cancelled')
    while (agent.openStreams() > 0) await settle()
    expect(agent.openStreams()).toBe(0)
  })
})
