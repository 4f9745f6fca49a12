import { StreamError } from '../errors.js'
import { createIdGenerator } from '../ids.js'
import type { ChatMessage } from '../messages.js'
import { type ChatSnapshot, initialSnapshot } from '../snapshot.js'
import type { ChatSession, ChatSessionOptions, SendInput } from './types.js'

/** Builds the real session once its code is there (`createChatSession`, usually from a lazy chunk). */
export type CreateSession = (options: ChatSessionOptions) => ChatSession

/** A call made before the session existed; `undefined` when its code failed to load. */
type Pending = (session: ChatSession | undefined) => void

/**
 * A session whose code arrives later: `load` (a dynamic import, started here) brings
 * `createChatSession`, and until it resolves this stands in with the same contract. Every call is
 * kept in order and made on the real session once it exists; the promises of `send` and the other
 * async calls settle with the real response. Meanwhile the snapshot shows what the session would:
 * the initial messages, `setMessages` and `reset` at once, and a send as its user message with the
 * status 'submitted' (so send policies and "Stop" buttons behave as they will), 'cancelled' after
 * `stop()`. A component thus renders before the engine's code has arrived, and a message sent
 * meanwhile waits for it instead of failing.
 *
 * A load that fails ends the waiting calls in the 'error' state with a retryable 'network'
 * StreamError, keeps the messages they sent, and is forgotten: the next call (say `retry()`, which
 * then asks for the answer to the kept message) tries again. Once loaded, every call goes straight
 * through; with `loaded` (the code is already there) there is no stand-in at all.
 */
export function createDeferredSession(
  options: ChatSessionOptions,
  load: () => Promise<CreateSession>,
  loaded?: CreateSession,
): ChatSession {
  // One id sequence for the stand-in and the session: a message sent meanwhile keeps its id.
  const generateId = options.generateId ?? createIdGenerator('msg')
  const withIds = Object.create(options, { generateId: { value: generateId } }) as ChatSessionOptions
  if (loaded) return loaded(withIds)

  let session: ChatSession | undefined
  let loading = false
  let disposed = false
  /** The messages the session starts with; the calls in `pending` are then made on it in order. */
  let base = options.initialMessages ?? []
  let snapshot = initialSnapshot(base)
  let pending: Pending[] = []
  const listeners = new Set<() => void>()
  const show = (next: ChatSnapshot) => {
    snapshot = next
    for (const listener of [...listeners]) listener()
  }
  /** Settles every waiting call without a session (each resolves with the snapshot then). */
  const drop = () => {
    const calls = pending
    pending = []
    for (const call of calls) call(undefined)
  }

  const start = () => {
    if (loading) return
    loading = true
    load().then(create, fail)
  }
  const create = (build: CreateSession) => {
    if (disposed) return
    const ready = build(Object.create(withIds, { initialMessages: { value: base } }) as ChatSessionOptions)
    session = ready
    ready.subscribe(() => show(ready.getSnapshot()))
    const calls = pending
    pending = []
    for (const call of calls) call(ready)
    show(ready.getSnapshot())
  }
  const fail = (cause: unknown) => {
    loading = false
    if (disposed) return
    const error = new StreamError('network', 'the chat engine could not be loaded', {
      cause,
      retryable: true,
    })
    // What was sent stays: the session, when it loads, starts from these messages.
    base = snapshot.messages
    show({ ...initialSnapshot(base), status: 'error', error })
    drop()
    try {
      options.onError?.(error)
      options.onFinish?.(snapshot)
    } catch {
      // A throwing callback has nowhere left to report to.
    }
  }

  /** Runs `call` on the session, or keeps it until the session exists. */
  const later = (call: (session: ChatSession) => Promise<ChatSnapshot>): Promise<ChatSnapshot> => {
    if (session) return call(session)
    if (disposed) return Promise.resolve(snapshot)
    return new Promise((resolve) => {
      pending.push((ready) => resolve(ready ? call(ready) : snapshot))
      start()
    })
  }
  const laterSync = (call: (session: ChatSession) => void): void => {
    if (session) {
      call(session)
      return
    }
    if (disposed) return
    pending.push((ready) => {
      if (ready) call(ready)
    })
    start()
  }
  const waiting = () => session === undefined && !disposed
  /** A send shown as submitted ends as the session would end it: cancelled, its message kept. */
  const cancelShown = () => {
    if (snapshot.status === 'submitted') show({ ...snapshot, status: 'cancelled', connection: 'idle' })
  }

  start()
  return {
    getSnapshot: () => (session ? session.getSnapshot() : snapshot),
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    send(input: SendInput) {
      if (!waiting()) return later((ready) => ready.send(input))
      const message: ChatMessage =
        typeof input === 'string'
          ? { id: generateId(), role: 'user', parts: [{ type: 'text', text: input }] }
          : input
      show({
        ...initialSnapshot([...snapshot.messages, message]),
        status: 'submitted',
        connection: 'connecting',
      })
      return later((ready) => ready.send(message))
    },
    stop() {
      if (waiting()) cancelShown()
      laterSync((ready) => ready.stop())
    },
    disconnect: () => laterSync((ready) => ready.disconnect()),
    resume: () => later((ready) => ready.resume()),
    resumeStream: () => later((ready) => ready.resumeStream()),
    retry: () => later((ready) => ready.retry()),
    regenerate: () => later((ready) => ready.regenerate()),
    editMessage: (messageId, input) => later((ready) => ready.editMessage(messageId, input)),
    switchBranch: (messageId, target) => laterSync((ready) => ready.switchBranch(messageId, target)),
    reset() {
      if (!waiting()) return laterSync((ready) => ready.reset())
      // A send waiting for the engine ends cancelled, as reset ends a live one.
      cancelShown()
      drop()
      base = []
      show(initialSnapshot(base))
    },
    approveToolCall: (id, decision) => later((ready) => ready.approveToolCall(id, decision)),
    denyToolCall: (id, decision) => later((ready) => ready.denyToolCall(id, decision)),
    addToolResult: (id, outcome) => later((ready) => ready.addToolResult(id, outcome)),
    continueResponse: () => later((ready) => ready.continueResponse()),
    setMessages(next) {
      if (!waiting()) return laterSync((ready) => ready.setMessages(next))
      const messages = typeof next === 'function' ? next(snapshot.messages) : next
      // With calls waiting, the change is made after them on the session, as it was made here.
      if (pending.length > 0) laterSync((ready) => ready.setMessages(messages))
      else base = messages
      show({
        ...snapshot,
        ...initialSnapshot(messages),
        status: snapshot.status,
        connection: snapshot.connection,
      })
    },
    flush: () => session?.flush(),
    dispose() {
      if (session) return session.dispose()
      if (disposed) return
      cancelShown()
      disposed = true
      drop()
      listeners.clear()
    },
  }
}
