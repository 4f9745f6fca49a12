// "(scenario N)" in a test name: fault N of docs/reliability.md.
import { WebSocket } from 'ws'
import { createChatSession, immediateScheduler, type StreamError } from '../../src/core/index.js'
import { getScenario, scenarioText } from '../../src/testing/index.js'
import {
  classifyCloseCode,
  createWebSocketTransport,
  type WebSocketTransportOptions,
} from '../../src/transports/index.js'
import { chunkDoneProtocol } from '../helpers/chunk-done-protocol.js'
import { lastText } from '../helpers/session-harness.js'
import { setupMockAgentServer } from '../helpers/setup-server.js'
import { waitFor } from '../helpers/wait-for.js'

const server = setupMockAgentServer({ tokenDelayMs: 0 })

const markdown = scenarioText(getScenario('markdown'))
const fastRetry = { baseDelayMs: 5, minDelayMs: 1, maxDelayMs: 20 }

function agent(query: string, options: Partial<WebSocketTransportOptions> = {}) {
  const transport = createWebSocketTransport({
    url: `${server.wsUrl}?${query}`,
    WebSocket: WebSocket as never,
    retry: fastRetry,
    ...options,
  })
  const session = createChatSession({ transport, protocol: chunkDoneProtocol, scheduler: immediateScheduler })
  return { transport, session }
}

describe('createWebSocketTransport against the mock agent server', () => {
  it('sends the user text and streams chunks until done', async () => {
    const { session } = agent('client=plain')
    const final = await session.send('Hello')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
    expect(server.socketMessages).toContain('Hello')
    session.dispose()
  })

  it('resumes with the last sequence number after a TCP drop, without lost or repeated chunks (scenario 54)', async () => {
    const { session } = agent('client=drop&dropAfterChunks=7')
    const final = await session.send('Hi')
    expect(lastText(final)).toBe(markdown)
    expect(final.metrics.reconnects).toBe(1)
    expect(server.socketMessages).toContain(JSON.stringify({ type: 'resume', lastSeq: 6 }))
    session.dispose()
  })

  it('continues from the cursor on resume() after disconnect() instead of asking again', async () => {
    const { session } = agent('client=resume-after-disconnect&delayMs=5')
    void session.send('Hi, resume me')
    await waitFor(() => Number(session.getSnapshot().lastEventId ?? -1) >= 3)
    session.disconnect()
    const cursor = Number(session.getSnapshot().lastEventId)
    const final = await session.resume()
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
    expect(server.socketMessages.filter((message) => message === 'Hi, resume me')).toHaveLength(1)
    expect(server.socketMessages).toContain(JSON.stringify({ type: 'resume', lastSeq: cursor }))
    session.dispose()
  })

  it('ends interrupted on resume() when resuming is turned off, never asking again', async () => {
    const { session } = agent('client=resume-off&delayMs=5', { resumeMessage: false })
    void session.send('Hi, no resume')
    await waitFor(() => session.getSnapshot().lastEventId !== undefined)
    session.disconnect()
    const final = await session.resume()
    expect(final.error?.code).toBe('interrupted')
    expect(server.socketMessages.filter((message) => message === 'Hi, no resume')).toHaveLength(1)
    session.dispose()
  })

  it('reconnects after 1011 and finishes the answer (scenario 52)', async () => {
    const { session } = agent('client=c1011&closeAfterChunks=4&closeCode=1011')
    const final = await session.send('Hi')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
    session.dispose()
  })

  it('treats 1008 as final: code exposed, no reconnect (scenario 51)', async () => {
    const before = server.socketConnections
    const { session } = agent('client=c1008&closeAfterChunks=4&closeCode=1008&closeReason=policy')
    const final = await session.send('Hi')
    expect(final.status).toBe('error')
    expect(final.error).toMatchObject({ code: 'protocol', status: 1008 })
    expect(final.error?.message).toContain('policy')
    expect(server.socketConnections - before).toBe(1)
    session.dispose()
  })

  it('retries a rejected handshake, which shows up as 1006 (scenario 55)', async () => {
    const { session } = agent('client=reject&rejectTimes=2')
    const final = await session.send('Hi')
    expect(final.status).toBe('complete')
    expect(final.metrics.reconnects).toBe(2)
    session.dispose()
  })

  it('times out an upgrade that is never answered, then retries (scenario 58)', async () => {
    const { session } = agent('client=noupgrade&noUpgradeTimes=1', { connectTimeoutMs: 150 })
    const final = await session.send('Hi')
    expect(final.status).toBe('complete')
    expect(final.metrics.reconnects).toBe(1)
    session.dispose()
  })

  it('closes a silent socket at the idle deadline and resumes (scenario 57)', async () => {
    const { session } = agent('client=silent&stallAfterChunks=5', { idleTimeoutMs: 150, heartbeat: false })
    const final = await session.send('Hi')
    expect(lastText(final)).toBe(markdown)
    expect(final.metrics.reconnects).toBe(1)
    session.dispose()
  })

  it('ends interrupted, keeping the text, when the server sends no sequence numbers', async () => {
    const { session } = agent('client=noseq&seq=0&dropAfterChunks=5')
    const final = await session.send('Hi')
    expect(final.error?.code).toBe('interrupted')
    expect(lastText(final).length).toBeGreaterThan(0)
    session.dispose()
  })

  it('sends the cancel message on stop', async () => {
    const { session } = agent('client=cancel&delayMs=20')
    void session.send('Hi')
    while (session.getSnapshot().status !== 'streaming')
      await new Promise((resolve) => setTimeout(resolve, 5))
    session.stop()
    while (!server.cancelled.includes('cancel')) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(session.getSnapshot().status).toBe('cancelled')
    session.dispose()
  })
})

describe('outbound queue while disconnected', () => {
  it('queues 100 messages and rejects the overflow loudly (scenario 59)', () => {
    const transport = createWebSocketTransport({ url: 'ws://127.0.0.1:9', WebSocket: WebSocket as never })
    const results: string[] = []
    for (let index = 0; index < 150; index++) {
      try {
        results.push(transport.send(`m${index}`))
      } catch (error) {
        results.push((error as StreamError).code)
      }
    }
    expect(results.filter((result) => result === 'queued')).toHaveLength(100)
    expect(results.filter((result) => result === 'queue_overflow')).toHaveLength(50)
    expect(transport.queued).toBe(100)
  })
})

describe('classifyCloseCode', () => {
  it('ends on 1000 and reconnects on 1001 (scenario 50)', () => {
    expect(classifyCloseCode(1000).reconnect).toBe(false)
    expect(classifyCloseCode(1001).reconnect).toBe(true)
  })

  it.each([1002, 1003, 1007, 1008, 1009, 1010])('treats %i as final (scenario 51)', (code) => {
    expect(classifyCloseCode(code).reconnect).toBe(false)
  })

  it('reconnects on 1011, 1012, 1014 and waits longer after 1013 (scenario 52)', () => {
    for (const code of [1011, 1012, 1014])
      expect(classifyCloseCode(code)).toMatchObject({ reconnect: true, delayFactor: 1 })
    expect(classifyCloseCode(1013)).toMatchObject({ reconnect: true, delayFactor: 4 })
  })

  it('reconnects on 4000-4499, stops on 4500-4999, and honours a JSON reconnect:false (scenario 53)', () => {
    expect(classifyCloseCode(4000).reconnect).toBe(true)
    expect(classifyCloseCode(4499).reconnect).toBe(true)
    expect(classifyCloseCode(4500).reconnect).toBe(false)
    expect(classifyCloseCode(1011, '{"reconnect":false}').reconnect).toBe(false)
  })
})
