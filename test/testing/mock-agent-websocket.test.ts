import { createChatSession, immediateScheduler } from '../../src/core/index.js'
import { websocketChunkProtocol } from '../../src/protocols/index.js'
import { createMockAgent, getScenario, type MockAgentOptions, scenarioText } from '../../src/testing/index.js'
import { createWebSocketTransport } from '../../src/transports/index.js'
import { lastText, settle } from '../helpers/session-harness.js'

const markdown = scenarioText(getScenario('markdown'))

function socketChat(options: MockAgentOptions) {
  const agent = createMockAgent({ tokensPerSecond: 0, timeToFirstTokenMs: 0, ...options })
  const transport = createWebSocketTransport({
    url: 'ws://mock-agent.local/ws',
    WebSocket: agent.WebSocket,
    retry: { baseDelayMs: 5, minDelayMs: 1, maxDelayMs: 20 },
  })
  const chat = createChatSession({
    transport,
    protocol: websocketChunkProtocol,
    scheduler: immediateScheduler,
  })
  return { agent, chat, transport }
}

describe('createMockAgent WebSocket', () => {
  it('answers the user text with chunk messages until done', async () => {
    const { agent, chat } = socketChat({})
    const final = await chat.send('Hello')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
    expect(agent.socketMessages).toEqual(['Hello'])
    expect(agent.connections).toBe(1)
    chat.dispose()
  })

  it('streams thinking messages before the answer when thinking is on', async () => {
    const { chat } = socketChat({ thinking: true })
    const final = await chat.send('Hi')
    expect(final.messages.at(-1)?.parts.map((part) => part.type)).toEqual(['reasoning', 'text'])
    chat.dispose()
  })

  it('drops the socket mid-answer and resumes from the last sequence number', async () => {
    const { agent, chat } = socketChat({ disconnect: { afterEvents: 6 } })
    const final = await chat.send('Hi')
    expect(lastText(final)).toBe(markdown)
    expect(final.metrics.reconnects).toBe(1)
    expect(agent.socketMessages).toContain(JSON.stringify({ type: 'resume', lastSeq: 5 }))
    expect(agent.connections).toBe(2)
    chat.dispose()
  })

  it('rejects handshakes with an HTTP status as a browser shows it (1006 before open)', async () => {
    const { agent, chat } = socketChat({ error: { status: 401, times: 2 } })
    const final = await chat.send('Hi')
    expect(final.status).toBe('complete')
    expect(final.metrics.reconnects).toBe(2)
    expect(agent.connections).toBe(1)
    chat.dispose()
  })

  it('sends an in-band error message after some chunks', async () => {
    const { chat } = socketChat({ error: { message: 'Rate limited by the model', afterEvents: 2 } })
    const final = await chat.send('Hi')
    expect(final.status).toBe('error')
    expect(final.error?.message).toContain('Rate limited by the model')
    chat.dispose()
  })

  it('answers ping with pong and leaves no socket open after dispose', async () => {
    const { agent, chat, transport } = socketChat({})
    await chat.send('Hi')
    transport.send('{"type":"ping"}')
    await settle()
    expect(agent.socketMessages).toContain('{"type":"ping"}')
    chat.dispose()
    // The closing handshake completes on a later timer tick, as in a browser.
    while (agent.openStreams() > 0) await new Promise((resolve) => setTimeout(resolve, 1))
    expect(agent.openStreams()).toBe(0)
  })

  it('throws on send while connecting, like a browser WebSocket', () => {
    const agent = createMockAgent()
    const socket = new agent.WebSocket('ws://mock-agent.local/ws')
    expect(socket.readyState).toBe(agent.WebSocket.CONNECTING)
    expect(() => socket.send('early')).toThrow(/CONNECTING/)
    socket.close()
  })
})
