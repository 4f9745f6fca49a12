import { StreamError } from '../../src/core/index.js'
import {
  type AgentSocketAction,
  createAgentSocketStore,
  INITIAL_AGENT_SOCKET_STATE,
  readyStateOf,
  reduceAgentSocket,
} from '../../src/transports/index.js'

const drop = new StreamError('network', 'dropped', { retryable: true })

function run(actions: readonly AgentSocketAction[]) {
  return actions.reduce(reduceAgentSocket, INITIAL_AGENT_SOCKET_STATE)
}

describe('agent socket state', () => {
  it('derives readyState from the status', () => {
    expect(run([{ type: 'connecting' }]).readyState).toBe(0)
    expect(run([{ type: 'connecting' }, { type: 'open' }]).readyState).toBe(1)
    expect(readyStateOf('suspended')).toBe(3)
    expect(readyStateOf('failed')).toBe(3)
  })

  it('a drop schedules a reconnect that keeps the error; close() resets the attempts and keeps the error', () => {
    const reconnecting = run([
      { type: 'connecting' },
      { type: 'open' },
      { type: 'reconnecting', error: drop, retryInMs: 500, attempt: 2, suspended: true },
    ])
    expect(reconnecting).toMatchObject({ status: 'suspended', readyState: 3, retryInMs: 500, attempt: 2 })
    expect(reconnecting.error).toBe(drop)
    const closed = reduceAgentSocket(reconnecting, { type: 'closed', resetAttempts: true })
    expect(closed).toMatchObject({ status: 'closed', retryInMs: undefined, attempt: 0 })
    expect(closed.error).toBe(drop)
  })

  it('returns the same object when an action changes nothing', () => {
    const open = run([{ type: 'connecting' }, { type: 'open' }])
    expect(reduceAgentSocket(open, { type: 'open' })).toBe(open)
    expect(reduceAgentSocket(open, { type: 'queued', count: 0 })).toBe(open)
  })

  it('tells subscribers once per change through the store', () => {
    const store = createAgentSocketStore()
    let calls = 0
    store.subscribe(() => calls++)
    store.dispatch({ type: 'queued', count: 2 })
    store.dispatch({ type: 'queued', count: 2 })
    store.dispatch({ type: 'failed', error: drop })
    expect(calls).toBe(2)
    expect(store.getSnapshot()).toMatchObject({ status: 'failed', queued: 2, readyState: 3 })
  })
})
