import { DEFAULT_CAPS, type SessionCaps } from '../caps.js'
import { browserEnvironment, type PageEnvironment } from '../environment.js'
import { StreamError } from '../errors.js'
import { createIdGenerator } from '../ids.js'
import type { ChatMessage } from '../messages.js'
import { createMetricsRecorder } from '../metrics.js'
import { createPageLifecycle } from '../page-lifecycle.js'
import { buildChatRequest, type ContinuationRequest } from '../request.js'
import { animationFrameScheduler } from '../scheduler.js'
import type { ChatSnapshot } from '../snapshot.js'
import { isSettled } from '../status.js'
import { buildResumeRequest } from '../stream-endpoint.js'
import { defaultTimers } from '../timers.js'
import { createToolCoordinator } from '../tool-session.js'
import type { ChatRequest } from '../transport.js'
import { createChatStore } from './chat-store.js'
import { preloadProtocol } from './protocol-loading.js'
import { createRunner } from './runs.js'
import {
  type ChatSession,
  type ChatSessionOptions,
  DEFAULT_SESSION_OPTIONS,
  type SendInput,
} from './types.js'

/** A chat session: one reducer over agent events, a store with frame-coalesced notifications, and the response lifecycle. */
export function createChatSession(options: ChatSessionOptions): ChatSession {
  const caps: SessionCaps = { ...DEFAULT_CAPS, ...options.caps }
  const timers = options.timers ?? defaultTimers()
  const generateId = options.generateId ?? createIdGenerator('msg')
  const metrics = createMetricsRecorder(options.stallThresholdMs ?? DEFAULT_SESSION_OPTIONS.stallThresholdMs)
  const store = createChatStore({
    initialMessages: options.initialMessages ?? [],
    caps,
    scheduler: options.scheduler ?? animationFrameScheduler(),
    timers,
    generateId,
    metrics,
    report,
  })
  const { dispatch, flush } = store
  const state = store.state
  let disposed = false
  let environment: PageEnvironment | undefined

  function report(error: unknown) {
    const streamError = error instanceof StreamError ? error : StreamError.from(error, 'callback')
    try {
      options.onError?.(streamError)
    } catch {
      // An onError that throws has nowhere left to report to.
    }
  }

  const page = createPageLifecycle(() => (environment ??= options.environment ?? browserEnvironment()), {
    hide() {
      const run = runner.current()
      if (run === undefined || !runner.canResume(run)) return false
      session.disconnect()
      return true
    },
    show() {
      void session.resume().then(() => {
        if (runner.current() === undefined) page.release()
      })
    },
  })

  preloadProtocol(options.protocol)
  const runner = createRunner({
    options,
    store,
    metrics,
    timers,
    page,
    afterEvent: (event) => tools.afterEvent(event),
    settled: () => void tools.settled(),
    report,
  })

  function request(
    text: string,
    messages: readonly ChatMessage[],
    continuation?: ContinuationRequest,
  ): ChatRequest {
    const { api = DEFAULT_SESSION_OPTIONS.api, id, headers, body, prepareRequest } = options
    return buildChatRequest({ api, id, headers, body, prepareRequest }, text, messages, continuation)
  }

  const tools = createToolCoordinator({
    options,
    state,
    dispatch,
    flush,
    report,
    busy: () => runner.current() !== undefined,
    disposed: () => disposed,
    startContinuation(continuation) {
      // The decoder of the response that asked shapes the body its backend expects (LangGraph's resume).
      let body: Record<string, unknown> | undefined
      try {
        body = runner.decoder()?.continuationBody?.(continuation)
      } catch (error) {
        report(StreamError.from(error, 'protocol'))
      }
      metrics.start(timers.now())
      store.clearToolArgs()
      tools.responseStarted()
      dispatch({ type: 'session/continue', messageId: continuation.messageId })
      const messages = state().messages
      const text = lastUserText(messages)
      return runner.startRun({
        text,
        messages,
        request: request(text, messages, { continuation, body }),
        continuation,
      })
    },
  })

  function submit(text: string, messages: readonly ChatMessage[]): Promise<ChatSnapshot> {
    tools.abort('superseded by a new message')
    // Tool call ids only need to be unique within a turn: a new user message starts afresh.
    tools.reset()
    tools.responseStarted()
    metrics.start(timers.now())
    store.clearToolArgs()
    dispatch({ type: 'session/submit', messages })
    return runner.startRun({ text, messages: state().messages, request: request(text, state().messages) })
  }

  /**
   * Ends the response 'cancelled'. `tellServer` stops the generation too; a new POST for the same
   * chat cancels the running one itself, and a DELETE racing it could stop the new answer instead.
   */
  function cancel(reason: string, tellServer: boolean, paused = false) {
    const run = runner.abortCurrent(reason, tellServer)
    if (run === undefined) {
      // stop() on a disconnected response: it is still generating on the server, so tell it.
      const previous = runner.lastRun()
      if (!paused || previous === undefined || isSettled(state().status)) return
      if (tellServer) options.transport.cancel?.(previous.context).catch(report)
      dispatch({ type: 'session/settle', status: 'cancelled', reason: 'cancelled' })
      flush()
      return
    }
    dispatch({ type: 'session/settle', status: 'cancelled', reason: 'cancelled' })
    runner.finishRun(run)
  }

  /** Cancels what runs, unless the server cancels it itself (a new POST for the same chat id). */
  const supersede = () => cancel('stopped', options.id === undefined)

  const session: ChatSession = {
    getSnapshot: store.published,
    subscribe: (listener) => (disposed ? () => {} : store.subscribe(listener)),
    send(input) {
      if (disposed) return Promise.resolve(store.published())
      supersede()
      const user = toUserMessage(input, generateId)
      return submit(textOf(user), [...state().messages, user])
    },
    stop() {
      if (disposed) return
      const waiting = tools.abort('stopped')
      cancel('stopped', true, true)
      // Stopped while waiting for a person or a client tool: the turn ends, nothing is sent by itself.
      if (waiting && runner.current() === undefined && state().status === 'complete') {
        dispatch({ type: 'session/settle', status: 'cancelled', reason: 'cancelled' })
        flush()
      }
    },
    disconnect() {
      const run = runner.abortCurrent('disconnected', false)
      if (run === undefined) return
      runner.setLastRun(run)
      dispatch({ type: 'session/disconnect', resumable: runner.canResume(run) })
      run.resolve(flush())
    },
    resume() {
      if (disposed) return Promise.resolve(store.published())
      const running = runner.current()
      if (running) return running.done
      const previous = runner.lastRun()
      const lastEventId = state().lastEventId
      if (previous === undefined || !state().resumable) return Promise.resolve(store.published())
      dispatch({ type: 'session/resume' })
      const { text, messages } = previous.context
      if (lastEventId === undefined) {
        // No cursor, but the chat's stream endpoint: read it again from the start, replacing the answer.
        const request = buildResumeRequest(runner.endpoint(), undefined)
        return runner.startRun({ text, messages, request, previous, replay: true })
      }
      return runner.startRun({ text, messages, request: previous.context.request, lastEventId, previous })
    },
    resumeStream() {
      if (disposed) return Promise.resolve(store.published())
      const running = runner.current()
      if (running) return running.done
      if (options.id === undefined) return Promise.resolve(store.published())
      store.clearToolArgs()
      return runner.startRun({
        text: '',
        messages: state().messages,
        request: buildResumeRequest(runner.endpoint(), undefined),
        follow: true,
        replay: true,
      })
    },
    retry() {
      if (disposed) return Promise.resolve(store.published())
      const running = runner.current()
      if (running) return running.done
      return state().resumable ? session.resume() : session.regenerate()
    },
    regenerate() {
      if (disposed) return Promise.resolve(store.published())
      supersede()
      const messages = state().messages
      let index = messages.length - 1
      while (index >= 0 && messages[index]?.role !== 'user') index--
      const user = messages[index]
      if (user === undefined) return Promise.resolve(store.published())
      dispatch({ type: 'session/fork', position: index + 1 })
      return submit(textOf(user), state().messages.slice(0, index + 1))
    },
    editMessage(messageId, input) {
      if (disposed) return Promise.resolve(store.published())
      supersede()
      // After the stop: a regeneration stopped before its first token gives its old answer back.
      const index = state().messages.findIndex((message) => message.id === messageId)
      if (state().messages[index]?.role !== 'user') {
        report(
          new StreamError('invalid_input', `editMessage: no user message ${messageId} on the current path`),
        )
        return Promise.resolve(flush())
      }
      const user = toUserMessage(input, generateId)
      dispatch({ type: 'session/fork', position: index })
      return submit(textOf(user), [...state().messages, user])
    },
    switchBranch(messageId, target) {
      if (disposed || state().branches[messageId] === undefined) return
      // The turn whose client tools or approvals were pending leaves the path with its version.
      tools.abort('switched to another version')
      tools.reset()
      cancel('stopped', true, true)
      dispatch({ type: 'session/switch-branch', messageId, target })
      flush()
    },
    reset() {
      tools.abort('reset')
      tools.reset()
      runner.abortCurrent('reset', true)
      runner.setLastRun(undefined)
      store.clearToolArgs()
      dispatch({ type: 'session/reset' })
      flush()
    },
    approveToolCall: (id, decision) => tools.decide(id, true, decision),
    denyToolCall: (id, decision) => tools.decide(id, false, decision),
    addToolResult: (id, outcome) => tools.addResult(id, outcome),
    continueResponse: () => tools.continueNow(),
    setMessages(value) {
      if (disposed) return
      const messages = typeof value === 'function' ? value(state().messages) : value
      dispatch({ type: 'session/set-messages', messages })
      flush()
    },
    flush() {
      if (!disposed) flush()
    },
    dispose() {
      if (disposed) return
      // With `id` the answer lives on the server for whoever follows the chat next: only let go of it.
      tools.abort('disposed')
      cancel('disposed', options.id === undefined)
      page.dispose()
      disposed = true
      store.dispose()
      options.transport.close?.()
    },
  }
  return session
}

function toUserMessage(input: SendInput, generateId: () => string): ChatMessage {
  if (typeof input === 'string')
    return { id: generateId(), role: 'user', parts: [{ type: 'text', text: input }] }
  return input
}

function textOf(message: ChatMessage): string {
  return message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('')
}

function lastUserText(messages: readonly ChatMessage[]): string {
  const user = messages.findLast((message) => message.role === 'user')
  return user ? textOf(user) : ''
}
