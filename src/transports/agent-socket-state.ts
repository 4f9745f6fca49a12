import { createStore, type LinkStatus, type Store, type StreamError } from '../core/index.js'

/**
 * Where a long-lived agent socket is: the link states every connection shares (`LinkStatus`, also
 * under the chat's `ConnectionStatus`) plus 'suspended' = down over `suspendAfterMs`, retrying slowly.
 */
export type AgentSocketStatus = LinkStatus | 'suspended'

/** The WebSocket readyState: 0 connecting, 1 open, 2 closing, 3 closed (also when there is no socket). */
export type ReadyState = 0 | 1 | 2 | 3

/** The agent socket as a UI sees it; immutable, a new object on every change. */
export interface AgentSocketState {
  readonly status: AgentSocketStatus
  /** The WebSocket readyState, derived from `status`: 0 connecting, 1 open, 3 otherwise. */
  readonly readyState: ReadyState
  /** Reconnect attempts since the last healthy connection. */
  readonly attempt: number
  /** Wait before the scheduled reconnect, ms, while one is scheduled. */
  readonly retryInMs: number | undefined
  /** Why the last connection dropped or failed. */
  readonly error: StreamError | undefined
  /** Messages waiting in the outbound queue. */
  readonly queued: number
}

export const INITIAL_AGENT_SOCKET_STATE: AgentSocketState = Object.freeze({
  status: 'idle',
  readyState: 3,
  attempt: 0,
  retryInMs: undefined,
  error: undefined,
  queued: 0,
})

/** Everything that changes the agent socket's state. `error` left out keeps the last one. */
export type AgentSocketAction =
  | { type: 'connecting' }
  | { type: 'open' }
  /** Down and coming back: after `retryInMs` when scheduled, else on a trigger (online, a probe). */
  | {
      type: 'reconnecting'
      error?: StreamError | undefined
      retryInMs?: number | undefined
      attempt?: number | undefined
      suspended?: boolean | undefined
    }
  /** Closed without failing (the app's `close()`, a server's normal close); `resetAttempts` on `close()`. */
  | { type: 'closed'; error?: StreamError | undefined; resetAttempts?: boolean | undefined }
  | { type: 'failed'; error: StreamError }
  | { type: 'queued'; count: number }

/** The socket's readyState as the state names it: only a live socket is connecting or open. */
export function readyStateOf(status: AgentSocketStatus): ReadyState {
  if (status === 'connecting') return 0
  if (status === 'open') return 1
  return 3
}

/** The agent socket's reducer: pure, returns the same object when nothing changed. */
export function reduceAgentSocket(state: AgentSocketState, action: AgentSocketAction): AgentSocketState {
  switch (action.type) {
    case 'connecting':
    case 'open':
      return patch(state, { status: action.type, retryInMs: undefined })
    case 'reconnecting':
      return patch(state, {
        status: action.suspended === true ? 'suspended' : 'reconnecting',
        retryInMs: action.retryInMs,
        attempt: action.attempt ?? state.attempt,
        error: action.error ?? state.error,
      })
    case 'closed':
      return patch(state, {
        status: 'closed',
        retryInMs: undefined,
        attempt: action.resetAttempts === true ? 0 : state.attempt,
        error: action.error ?? state.error,
      })
    case 'failed':
      return patch(state, { status: 'failed', retryInMs: undefined, error: action.error })
    case 'queued':
      return patch(state, { queued: action.count })
    default:
      action satisfies never
      return state
  }
}

function patch(state: AgentSocketState, change: Partial<AgentSocketState>): AgentSocketState {
  const next = { ...change, readyState: readyStateOf(change.status ?? state.status) }
  const keys = Object.keys(next) as (keyof AgentSocketState)[]
  if (keys.every((key) => Object.is(state[key], next[key]))) return state
  return { ...state, ...next }
}

/** The agent socket's store: every change publishes at once (status is cold; the queue count is rare). */
export function createAgentSocketStore(): Store<AgentSocketState, AgentSocketAction> {
  return createStore({ initial: INITIAL_AGENT_SOCKET_STATE, reduce: reduceAgentSocket })
}
