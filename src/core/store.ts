import type { FrameScheduler } from './scheduler.js'

/** When a change reaches listeners: 'now', or on the next scheduler tick (coalesced with others). */
export type PublishTiming = 'now' | 'scheduled'

export interface StoreOptions<State, Action> {
  /** The state before any action. */
  initial: State
  /** The one way state changes; returns the same object when nothing changed. */
  reduce: (state: State, action: Action) => State
  /** Picks when a change is published. @default () => 'now' */
  timing?: (previous: State, next: State) => PublishTiming
  /** Runs scheduled publishes; needed only when `timing` can answer 'scheduled'. @default immediate */
  scheduler?: FrameScheduler
  /** Unpublished changes after which the store publishes now, whatever `timing` said. @default Infinity */
  maxPending?: number
  /**
   * Called right before pending changes are published; actions it dispatches join that publish
   * (the chat session folds its metrics in here). @default undefined
   */
  beforePublish?: () => void
  /** Receives what a listener throws; listeners never break the store. @default ignored */
  onListenerError?: (error: unknown) => void
}

/** A reducer-driven store for `useSyncExternalStore`: state moves only through `dispatch`. */
export interface Store<State, Action> {
  /** The published state: the same object until listeners are told of a change. */
  getSnapshot(): State
  /** The latest state, maybe not published yet. */
  getState(): State
  /** Reduces `action`; returns whether the state changed. */
  dispatch(action: Action): boolean
  /** Calls `listener` after each publish; returns an unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Publishes pending changes now. */
  flush(): void
  /** Drops listeners and any scheduled publish; later dispatches still reduce but tell no one. */
  dispose(): void
}

/** Creates a store. Listener errors go to `onListenerError`; a scheduler that runs at once is fine. */
export function createStore<State, Action>(options: StoreOptions<State, Action>): Store<State, Action> {
  const listeners = new Set<() => void>()
  const maxPending = options.maxPending ?? Number.POSITIVE_INFINITY
  let state = options.initial
  let published = state
  let pending = 0
  let dirty = false
  let publishing = false
  let disposed = false
  let cancelScheduled: (() => void) | undefined

  function flush() {
    cancelScheduled?.()
    cancelScheduled = undefined
    pending = 0
    if (!dirty || publishing) return
    publishing = true
    try {
      options.beforePublish?.()
    } finally {
      publishing = false
    }
    dirty = false
    published = state
    if (disposed) return
    for (const listener of [...listeners]) {
      try {
        listener()
      } catch (error) {
        options.onListenerError?.(error)
      }
    }
  }

  function schedule() {
    if (cancelScheduled !== undefined) return
    const scheduler = options.scheduler
    // Nobody listens after dispose: publish at once rather than leave a timer behind.
    if (scheduler === undefined || disposed) return flush()
    let ran = false
    const cancel = scheduler(() => {
      ran = true
      cancelScheduled = undefined
      flush()
    })
    // A synchronous scheduler has already published: keep nothing pending.
    if (!ran) cancelScheduled = cancel
  }

  return {
    getSnapshot: () => published,
    getState: () => state,
    dispatch(action) {
      const next = options.reduce(state, action)
      if (next === state) return false
      const previous = state
      state = next
      dirty = true
      // Inside beforePublish the change joins the publish under way.
      if (publishing) return true
      pending++
      const timing = options.timing?.(previous, next) ?? 'now'
      if (timing === 'now' || pending >= maxPending) flush()
      else schedule()
      return true
    },
    subscribe(listener) {
      if (disposed) return () => {}
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    flush,
    dispose() {
      disposed = true
      cancelScheduled?.()
      cancelScheduled = undefined
      listeners.clear()
    },
  }
}
