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
 * `createChatSession`, and until it resolves this stands in with the same contract. The snapshot is
 * the initial one (`setMessages` and `reset` show at once); every call is kept in order and made
 * on the real session when it exists, and the promises of `send` and the other async calls settle
 * with the real response. So a component renders before the engine's code has arrived, and a
 * message sent meanwhile waits for it instead of failing.
 *
 * A load that fails settles the waiting calls in the 'error' state with a 'network' StreamError
 * (retryable), keeps what they sent as user messages, and forgets the load: the next call (say
 * `retry()`, which then asks for the answer to the kept message) tries again. Once loaded, every
 * call goes straight through; `loaded` skips the stand-in altogether when the code is already there.
 */
export function createDeferredSession(
  options: ChatSessionOptions,
  load: () => Promise<CreateSession>,
  loaded?: CreateSession,
): ChatSession {
  // One id sequence for the stand-in and the session, so kept messages and new ones never collide.
  const generateId = options.generateId ?? createIdGenerator('msg')
  const withIds = Object.create(options, { generateId: { value: generateId } }) as ChatSessionOptions
  if (loaded) return loaded(withIds)

  let session: ChatSession | undefined
  let loading = false
  let disposed = false
  let messages = options.initialMessages ?? []
  let snapshot = initialSnapshot(messages)
  let pending: Pending[] = []
  /** What queued sends would add, kept as user messages if the load fails. */
  let unsent: ChatMessage[] = []
  const listeners = new Set<() => void>()
  const publish = () => {
    for (const listener of [...listeners]) listener()
  }

  const start = () => {
    if (loading) return
    loading = true
    load().then(create, fail)
  }
  const create = (build: CreateSession) => {
    if (disposed) return
    session = build(Object.create(withIds, { initialMessages: { value: messages } }) as ChatSessionOptions)
    session.subscribe(publish)
    const calls = pending
    pending = []
    unsent = []
    for (const call of calls) call(session)
    publish()
  }
  const fail = (cause: unknown) => {
    loading = false
    if (disposed) return
    const error = new StreamError('network', 'the chat engine could not be loaded', {
      cause,
      retryable: true,
    })
    // The queue is dropped: from here the stand-in's messages are what the session starts with.
    messages = [...snapshot.messages, ...unsent]
    snapshot = { ...initialSnapshot(messages), status: 'error', error }
    const calls = pending
    pending = []
    unsent = []
    publish()
    for (const call of calls) call(undefined)
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
  /** A change to the messages before the session exists: shown now, made again on the session. */
  const replaceMessages = (next: readonly ChatMessage[]) => {
    snapshot = initialSnapshot(next)
    if (pending.length === 0) messages = next
    publish()
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
      if (!session && !disposed)
        unsent.push(
          typeof input === 'string'
            ? { id: generateId(), role: 'user', parts: [{ type: 'text', text: input }] }
            : input,
        )
      return later((ready) => ready.send(input))
    },
    stop: () => laterSync((ready) => ready.stop()),
    disconnect: () => laterSync((ready) => ready.disconnect()),
    resume: () => later((ready) => ready.resume()),
    resumeStream: () => later((ready) => ready.resumeStream()),
    retry: () => later((ready) => ready.retry()),
    regenerate: () => later((ready) => ready.regenerate()),
    editMessage: (messageId, input) => later((ready) => ready.editMessage(messageId, input)),
    switchBranch: (messageId, target) => laterSync((ready) => ready.switchBranch(messageId, target)),
    reset() {
      if (session || disposed) return laterSync((ready) => ready.reset())
      unsent = []
      const calls = pending
      pending = []
      for (const call of calls) call(undefined)
      replaceMessages([])
    },
    approveToolCall: (id, decision) => later((ready) => ready.approveToolCall(id, decision)),
    denyToolCall: (id, decision) => later((ready) => ready.denyToolCall(id, decision)),
    addToolResult: (id, outcome) => later((ready) => ready.addToolResult(id, outcome)),
    continueResponse: () => later((ready) => ready.continueResponse()),
    setMessages(next) {
      if (session || disposed) return laterSync((ready) => ready.setMessages(next))
      if (pending.length > 0) pending.push((ready) => ready?.setMessages(next))
      replaceMessages(typeof next === 'function' ? next(snapshot.messages) : next)
    },
    flush: () => session?.flush(),
    dispose() {
      if (session) return session.dispose()
      if (disposed) return
      disposed = true
      const calls = pending
      pending = []
      for (const call of calls) call(undefined)
      listeners.clear()
    },
  }
}
