import type { SessionCaps } from '../caps.js'
import type { AgentEvent } from '../events.js'
import type { ChatMessage } from '../messages.js'
import type { MetricsRecorder } from '../metrics.js'
import { createIncrementalJson, type IncrementalJson } from '../partial-json.js'
import { type ChatAction, type ReducerContext, reduce, type StreamAction } from '../reducer.js'
import type { FrameScheduler } from '../scheduler.js'
import { type ChatSnapshot, initialSnapshot } from '../snapshot.js'
import { createStore } from '../store.js'
import type { Timers } from '../timers.js'

export interface ChatStoreOptions {
  initialMessages: readonly ChatMessage[]
  caps: SessionCaps
  scheduler: FrameScheduler
  timers: Timers
  generateId: () => string
  metrics: MetricsRecorder
  /** Receives what listeners throw. */
  report: (error: unknown) => void
}

/** The chat session's store: the reducer, its context, and the publish policy (hot tokens, cold status). */
export interface ChatStore {
  /** The latest state, maybe not published yet. */
  state(): ChatSnapshot
  /** What listeners last saw. */
  published(): ChatSnapshot
  dispatch(action: ChatAction): void
  /** Turns an agent event into its action (a tool call's arguments parsed so far) and dispatches it. */
  dispatchEvent(event: AgentEvent): void
  /** Forgets the argument parsers: tool call ids are unique only within a response. */
  clearToolArgs(): void
  /** Publishes pending changes; returns the published snapshot. */
  flush(): ChatSnapshot
  subscribe(listener: () => void): () => void
  dispose(): void
}

export function createChatStore(options: ChatStoreOptions): ChatStore {
  const { caps, timers, generateId, metrics } = options
  const toolArgs = new Map<string, IncrementalJson>()
  // Reserved before an action that may open a message, so the reducer reads a value, not a counter.
  let newMessageId: string | undefined

  const store = createStore<ChatSnapshot, ChatAction>({
    initial: initialSnapshot(options.initialMessages),
    reduce(state, action) {
      newMessageId ??= generateId()
      const context: ReducerContext = { now: timers.now(), caps, newMessageId }
      const next = reduce(state, action, context)
      if (next.responseMessageId === newMessageId) newMessageId = undefined
      return next
    },
    // Status is cold and terminal states must never render stale text: those publish at once.
    timing: (previous, next) =>
      previous.status !== next.status || previous.connection !== next.connection ? 'now' : 'scheduled',
    scheduler: options.scheduler,
    maxPending: caps.maxEventsPerRender,
    beforePublish() {
      store.dispatch({ type: 'session/metrics', metrics: metrics.read() })
    },
    onListenerError: options.report,
  })

  function toAction(event: AgentEvent): StreamAction {
    if (event.type !== 'tool-call-delta') return event
    let parser = toolArgs.get(event.id)
    if (parser === undefined) {
      parser = createIncrementalJson()
      toolArgs.set(event.id, parser)
    }
    parser.push(event.argsText)
    return { ...event, args: parser.value() }
  }

  return {
    state: store.getState,
    published: store.getSnapshot,
    dispatch: (action) => {
      store.dispatch(action)
    },
    dispatchEvent: (event) => {
      store.dispatch(toAction(event))
    },
    clearToolArgs: () => toolArgs.clear(),
    flush() {
      store.flush()
      return store.getSnapshot()
    },
    subscribe: store.subscribe,
    dispose: store.dispose,
  }
}
