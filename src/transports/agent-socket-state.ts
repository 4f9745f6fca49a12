import type { StreamError } from '../core/index.js'

/** Where a long-lived agent socket is. 'suspended' = down over `suspendAfterMs`, retrying slowly. */
export type AgentSocketStatus =
  | 'idle'
  | 'connecting'
  | 'open'
  | 'reconnecting'
  | 'suspended'
  | 'closed'
  | 'failed'

/** The agent socket as a UI sees it; immutable, a new object on every change. */
export interface AgentSocketState {
  readonly status: AgentSocketStatus
  /** The WebSocket readyState: 0 connecting, 1 open, 2 closing, 3 closed (also when there is no socket). */
  readonly readyState: 0 | 1 | 2 | 3
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

/** A tiny store for `useSyncExternalStore`: `get` returns the same object until `set` changes something. */
export function createStateStore<T extends object>(initial: T) {
  let state = initial
  const listeners = new Set<() => void>()
  return {
    get: () => state,
    set(patch: Partial<T>) {
      const keys = Object.keys(patch) as (keyof T)[]
      if (keys.every((key) => Object.is(state[key], patch[key]))) return
      state = { ...state, ...patch }
      for (const listener of [...listeners]) {
        try {
          listener()
        } catch {
          // A listener's bug must not stop the socket.
        }
      }
    },
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
