// "(scenario N)" in a test name: fault N of docs/reliability.md.
import type { StreamError } from '../../src/core/index.js'
import { createMockAgent } from '../../src/testing/index.js'
import { createWebSocketTransport } from '../../src/transports/index.js'
import { createManualTimers } from '../helpers/manual-timers.js'

function socketOnMockAgent(options: { bufferedAmount?: number } = {}) {
  const timers = createManualTimers()
  const agent = createMockAgent({ timers, tokensPerSecond: 0, timeToFirstTokenMs: 0 })
  const sockets: { bufferedAmount: number }[] = []
  class Heavy extends agent.WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      this.bufferedAmount = options.bufferedAmount ?? 0
      sockets.push(this)
    }
  }
  const errors: { code: string; data: string }[] = []
  const transport = createWebSocketTransport({
    url: 'ws://mock-agent.local/ws',
    WebSocket: Heavy,
    timers,
    heartbeat: false,
    onSendError: (error: StreamError, data) => errors.push({ code: error.code, data }),
  })
  return { agent, transport, timers, sockets, errors }
}

describe('WebSocket outbound queue', () => {
  it('delivers queued messages once, in order, and rejects those older than 30 s as expired (scenario 59)', () => {
    const { agent, transport, timers, errors } = socketOnMockAgent()
    expect(transport.sendRaw('{"type":"ping","n":1}')).toBe('queued')
    expect(transport.sendRaw('{"type":"ping","n":2}')).toBe('queued')
    timers.advance(31_000)
    expect(transport.sendRaw('{"type":"ping","n":3}')).toBe('queued')
    transport.connect()
    timers.advance(0)
    expect(transport.getState().status).toBe('open')
    expect(errors).toEqual([
      { code: 'expired', data: '{"type":"ping","n":1}' },
      { code: 'expired', data: '{"type":"ping","n":2}' },
    ])
    expect(agent.socketMessages).toEqual(['{"type":"ping","n":3}'])
    expect(transport.queued).toBe(0)
    transport.close()
  })

  it('reports backpressure above the 1 MiB high-water mark and stays bounded under a 100 MB send flood (scenario 61)', () => {
    const { agent, transport, timers, sockets } = socketOnMockAgent({ bufferedAmount: 2 * 1024 * 1024 })
    transport.connect()
    timers.advance(0)
    const message = 'x'.repeat(1024 * 1024 - 1)
    const results: string[] = []
    for (let index = 0; index < 100; index++) {
      try {
        results.push(transport.sendRaw(message))
      } catch (error) {
        results.push((error as StreamError).code)
      }
    }
    expect(results[0]).toBe('backpressure')
    expect(results.filter((result) => result === 'queue_overflow')).toHaveLength(99)
    expect(transport.getState().queued).toBe(1)
    // The socket drains: the held message goes out on the next flush.
    for (const socket of sockets) socket.bufferedAmount = 0
    timers.advance(50)
    expect(agent.socketMessages).toEqual([message])
    expect(transport.queued).toBe(0)
    transport.close()
  })
})
