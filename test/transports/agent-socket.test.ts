// "(scenario N)" in a test name: fault N of docs/reliability.md.
import { WebSocket } from 'ws'
import { backoffDelay, createChatSession, DEFAULT_RETRY, immediateScheduler } from '../../src/core/index.js'
import { getScenario, scenarioText } from '../../src/testing/index.js'
import { createWebSocketTransport, type WebSocketTransportOptions } from '../../src/transports/index.js'
import { chunkDoneProtocol } from '../helpers/chunk-done-protocol.js'
import { createManualTimers } from '../helpers/manual-timers.js'
import { lastText } from '../helpers/session-harness.js'
import { setupMockAgentServer } from '../helpers/setup-server.js'
import { createTestEnvironment, waitFor } from '../helpers/wait-for.js'

const server = setupMockAgentServer({ tokenDelayMs: 0 })

/** An agent socket on a hand-moved clock: backoff waits pass only when the test advances them. */
function agentSocket(query: string, options: Partial<WebSocketTransportOptions> = {}) {
  const timers = createManualTimers()
  const environment = createTestEnvironment()
  let constructed = 0
  class CountingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols)
      constructed++
    }
  }
  const transport = createWebSocketTransport({
    url: `${server.wsUrl}?${query}`,
    WebSocket: CountingWebSocket as never,
    timers,
    environment,
    random: () => 0.999_999,
    ...options,
  })
  return { transport, timers, environment, handshakes: () => constructed }
}

describe('long-lived agent socket', () => {
  it('stays open between responses and carries each chat over the same connection', async () => {
    const before = server.socketConnections
    const { transport } = agentSocket('client=keep')
    transport.connect()
    await waitFor(() => transport.getState().status === 'open')
    expect(transport.readyState).toBe(1)
    const session = createChatSession({
      transport,
      protocol: chunkDoneProtocol,
      scheduler: immediateScheduler,
    })
    const first = await session.send('one')
    const second = await session.send('two')
    expect(lastText(first)).toBe(scenarioText(getScenario('markdown')))
    expect(second.status).toBe('complete')
    expect(transport.getState().status).toBe('open')
    expect(server.socketConnections - before).toBe(1)
    session.dispose()
    expect(transport.getState()).toMatchObject({ status: 'closed', readyState: 3 })
  })

  it('reconnects an idle agent socket in the background after the server drops it', async () => {
    const before = server.socketConnections
    const { transport, timers } = agentSocket('client=bg&closeAfterOpenMs=10&closeTimes=1&closeCode=1012')
    transport.connect()
    await waitFor(() => transport.getState().status === 'reconnecting')
    const { retryInMs, attempt } = transport.getState()
    expect(attempt).toBe(1)
    expect(retryInMs).toBe(backoffDelay(0, DEFAULT_RETRY, () => 0.999_999))
    timers.advance(retryInMs ?? 0)
    await waitFor(() => transport.getState().status === 'open')
    expect(server.socketConnections - before).toBe(2)
    transport.close()
  })

  it('backs a flapping server off to the cap without resetting the attempt counter (scenario 56)', async () => {
    const { transport, timers } = agentSocket('client=flap&closeAfterOpenMs=0&closeTimes=7')
    transport.connect()
    const delays: number[] = []
    for (let attempt = 1; attempt <= 7; attempt++) {
      await waitFor(
        () => transport.getState().status === 'reconnecting' && transport.getState().attempt === attempt,
      )
      const delay = transport.getState().retryInMs ?? 0
      delays.push(delay)
      timers.advance(delay)
    }
    expect(delays).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, DEFAULT_RETRY, () => 0.999_999)))
    expect(delays.slice(-2)).toEqual([30_000, 30_000])
    await waitFor(() => transport.getState().status === 'open')
    transport.close()
  })

  it('suspends after two minutes down, then retries every 60 s ±20 %', async () => {
    const { transport, timers } = agentSocket('client=down&rejectTimes=1000', { random: () => 0.5 })
    transport.connect()
    const startedAt = timers.now()
    const statuses: string[] = []
    while (transport.getState().status !== 'suspended') {
      await waitFor(() => transport.getState().retryInMs !== undefined)
      statuses.push(transport.getState().status)
      timers.advance(transport.getState().retryInMs ?? 0)
      await waitFor(() => transport.getState().status !== 'connecting')
    }
    expect(timers.now() - startedAt).toBeGreaterThanOrEqual(120_000)
    expect(new Set(statuses)).toEqual(new Set(['reconnecting']))
    expect(transport.getState().retryInMs).toBe(60_000)
    transport.close()
    expect(timers.pending).toBe(0)
  })

  it('reconnects at once when the device comes back online, not at the end of the backoff', async () => {
    const { transport, timers, environment } = agentSocket(
      'client=online&closeAfterOpenMs=0&closeTimes=1&closeCode=1012',
    )
    transport.connect()
    await waitFor(() => transport.getState().status === 'reconnecting')
    environment.set({ online: false })
    timers.advance(transport.getState().retryInMs ?? 0)
    expect(transport.getState().readyState).toBe(3)
    environment.set({ online: true })
    await waitFor(() => transport.getState().status === 'open')
    transport.close()
    expect(environment.listeners).toBe(0)
  })

  it('probes the auth endpoint after five refused handshakes and stops as unauthorized (scenario 55)', async () => {
    const probe = vi.fn(async () => (await fetch(`${server.url}/api/stream?status=401&key=probe`)).status)
    const { transport, timers, handshakes } = agentSocket('client=authprobe&rejectTimes=1000', {
      authProbe: probe,
    })
    transport.connect()
    while (transport.getState().status !== 'failed') {
      await waitFor(
        () => transport.getState().retryInMs !== undefined || transport.getState().status === 'failed',
      )
      timers.advance(transport.getState().retryInMs ?? 0)
    }
    expect(transport.getState().error?.code).toBe('unauthorized')
    expect(probe).toHaveBeenCalledTimes(1)
    expect(handshakes()).toBe(5)
    expect(timers.pending).toBe(0)
  })

  it('sends raw messages outside a response and hands every server message to onMessage', async () => {
    const { transport } = agentSocket('client=raw')
    const received: string[] = []
    transport.onMessage((data) => received.push(data))
    transport.connect()
    await waitFor(() => transport.getState().status === 'open')
    expect(transport.sendRaw('{"type":"message","text":"hi"}')).toBe('sent')
    await waitFor(() => received.some((data) => data.includes('"done"')))
    expect(server.socketMessages).toContain('{"type":"message","text":"hi"}')
    expect(received[0]).toMatch(/"type":"chunk"/)
    transport.close()
  })
})
