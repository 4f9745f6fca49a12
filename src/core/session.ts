import { DEFAULT_CAPS, type SessionCaps } from './caps.js'
import { StreamError } from './errors.js'
import type { AgentEvent } from './events.js'
import { createIdGenerator } from './ids.js'
import type { ChatMessage } from './messages.js'
import { createMetricsRecorder } from './metrics.js'
import { createIncrementalJson, type IncrementalJson } from './partial-json.js'
import type { DecoderDiagnostic, Frame, Protocol, ProtocolDecoder } from './protocol.js'
import { type ChatAction, type ReducerContext, reduce } from './reducer.js'
import { buildChatRequest, type PrepareRequestInput } from './request.js'
import { toStreamError } from './retry-policy.js'
import { animationFrameScheduler, type FrameScheduler } from './scheduler.js'
import { type ChatSnapshot, initialSnapshot, isSettled } from './snapshot.js'
import { defaultTimers, type Timers } from './timers.js'
import type { ChatRequest, ChatTransport, TransportContext } from './transport.js'

/** Picks the protocol from the response headers (lower-case names). */
export type ProtocolChooser = (headers: Readonly<Record<string, string>>) => Protocol

export interface ChatSessionOptions {
  /** Carries responses: `createSseTransport()`, `createWebSocketTransport()`, `createIterableTransport()`. */
  transport: ChatTransport
  /** Decodes frames into agent events; a function picks one from the response headers. */
  protocol: Protocol | ProtocolChooser
  /** Endpoint of the default request (POST JSON `{messages: [{id, role, content}]}`). @default '/api/chat' */
  api?: string
  /** Extra request headers (a `Headers` instance is fine). @default {} */
  headers?: HeadersInit | Record<string, string>
  /** Extra fields merged into the default JSON body. @default {} */
  body?: Record<string, unknown>
  /** Replaces any part of the request (URL, method, headers, body), e.g. a GET with the prompt in the query. @default undefined */
  prepareRequest?: (input: PrepareRequestInput) => Partial<ChatRequest>
  /** Messages the session starts with. @default [] */
  initialMessages?: readonly ChatMessage[]
  /** Bounds on kept text, messages and batched events. @default DEFAULT_CAPS */
  caps?: Partial<SessionCaps>
  /** Coalesces token notifications; one call per animation frame by default. @default animationFrameScheduler() */
  scheduler?: FrameScheduler
  /** Clock for metrics and part timestamps. @default defaultTimers() */
  timers?: Timers
  /** Message ids. @default a prefixed counter */
  generateId?: () => string
  /** A gap between frames longer than this counts as a stall in the metrics, ms. @default 2000 */
  stallThresholdMs?: number
  /** Called for every decoded event. Errors it throws are reported through `onError`, never into the stream. @default undefined */
  onEvent?: (event: AgentEvent) => void
  /** Called once a response settles (complete, cancelled or error). @default undefined */
  onFinish?: (snapshot: ChatSnapshot) => void
  /** Called with stream failures and with errors thrown by other callbacks. @default undefined */
  onError?: (error: StreamError) => void
  /** Called for frames a decoder skipped. @default undefined */
  onDiagnostic?: (diagnostic: DecoderDiagnostic) => void
}

export const DEFAULT_SESSION_OPTIONS = Object.freeze({
  api: '/api/chat',
  stallThresholdMs: 2000,
  caps: DEFAULT_CAPS,
})

/** What `send` accepts: text, or a full user message. */
export type SendInput = string | ChatMessage

export interface ChatSession {
  /** The current immutable snapshot; the same object until a notification. */
  getSnapshot(): ChatSnapshot
  /** Calls `listener` after each published change; returns an unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Sends a user message and streams the answer. Resolves (never rejects) when the response settles. */
  send(input: SendInput): Promise<ChatSnapshot>
  /** Aborts the response, keeps the partial text, settles 'cancelled', tells the server. Idempotent. */
  stop(): void
  /** Stops reading but leaves the server generating; `resume()` continues from the cursor. */
  disconnect(): void
  /** Continues a disconnected or dropped response from `lastEventId`. */
  resume(): Promise<ChatSnapshot>
  /** Resumes when possible, else regenerates the last answer. */
  retry(): Promise<ChatSnapshot>
  /** Drops the answer after the last user message and asks again. */
  regenerate(): Promise<ChatSnapshot>
  /** Stops and clears everything. */
  reset(): void
  /** Replaces the messages (not while a response streams into them). */
  setMessages(
    messages: readonly ChatMessage[] | ((previous: readonly ChatMessage[]) => readonly ChatMessage[]),
  ): void
  /** Publishes pending token updates now. */
  flush(): void
  /** Stops, drops listeners, and turns every later call into a no-op. */
  dispose(): void
}

interface Run {
  controller: AbortController
  context: TransportContext
  decoder: ProtocolDecoder | undefined
  headers: Readonly<Record<string, string>>
  finished: boolean
  resolve: (snapshot: ChatSnapshot) => void
  done: Promise<ChatSnapshot>
}

/** A chat session: one reducer over agent events, a store with frame-coalesced notifications, and the response lifecycle. */
export function createChatSession(options: ChatSessionOptions): ChatSession {
  const caps: SessionCaps = { ...DEFAULT_CAPS, ...options.caps }
  const timers = options.timers ?? defaultTimers()
  const scheduler = options.scheduler ?? animationFrameScheduler()
  const generateId = options.generateId ?? createIdGenerator('msg')
  const metrics = createMetricsRecorder(options.stallThresholdMs ?? DEFAULT_SESSION_OPTIONS.stallThresholdMs)
  const toolArgs = new Map<string, IncrementalJson>()
  const listeners = new Set<() => void>()

  let state = initialSnapshot(options.initialMessages ?? [])
  let published = state
  let cancelScheduled: (() => void) | undefined
  let eventsSinceFlush = 0
  let current: Run | undefined
  let lastRun: Run | undefined
  let disposed = false
  let dirty = false

  const reducerContext: ReducerContext = {
    get now() {
      return timers.now()
    },
    caps,
    createId: generateId,
    parseToolArgs(id, fragment) {
      let parser = toolArgs.get(id)
      if (parser === undefined) {
        parser = createIncrementalJson()
        toolArgs.set(id, parser)
      }
      parser.push(fragment)
      return parser.value()
    },
  }

  function report(error: unknown) {
    const streamError = error instanceof StreamError ? error : StreamError.from(error, 'callback')
    try {
      options.onError?.(streamError)
    } catch {
      // An onError that throws has nowhere left to report to.
    }
  }

  function flush() {
    cancelScheduled?.()
    cancelScheduled = undefined
    eventsSinceFlush = 0
    if (!dirty) return
    dirty = false
    const next = { ...state, metrics: metrics.read() }
    state = next
    published = next
    for (const listener of [...listeners]) {
      try {
        listener()
      } catch (error) {
        report(error)
      }
    }
  }

  function dispatch(action: ChatAction) {
    const next = reduce(state, action, reducerContext)
    if (next === state) return
    const cold = next.status !== state.status || next.connection !== state.connection
    state = next
    dirty = true
    eventsSinceFlush++
    // Status is cold and terminal states must never render stale text: notify now.
    if (cold || eventsSinceFlush >= caps.maxEventsPerRender) flush()
    else if (cancelScheduled === undefined) {
      let ran = false
      const cancel = scheduler(() => {
        ran = true
        cancelScheduled = undefined
        flush()
      })
      // A synchronous scheduler has already flushed: keep nothing pending.
      if (!ran) cancelScheduled = cancel
    }
  }

  function chooseDecoder(run: Run): ProtocolDecoder {
    if (run.decoder) return run.decoder
    const protocol = typeof options.protocol === 'function' ? options.protocol(run.headers) : options.protocol
    run.decoder = protocol.createDecoder({
      headers: run.headers,
      onDiagnostic: (diagnostic) => {
        try {
          options.onDiagnostic?.(diagnostic)
        } catch (error) {
          report(error)
        }
      },
    })
    return run.decoder
  }

  function apply(run: Run, events: readonly AgentEvent[]) {
    for (const event of events) {
      if (run !== current) return
      if (event.type === 'text-delta' || event.type === 'reasoning-delta')
        metrics.token(event.text.length, timers.now())
      if (event.type === 'finish' || event.type === 'error') run.finished = true
      dispatch(event)
      if (options.onEvent) {
        try {
          options.onEvent(event)
        } catch (error) {
          report(error)
        }
      }
    }
  }

  function handleFrame(run: Run, frame: Frame) {
    metrics.frame(timers.now())
    apply(run, chooseDecoder(run).decode(frame))
  }

  function finishRun(run: Run) {
    if (current === run) current = undefined
    flush()
    if (options.onFinish) {
      try {
        options.onFinish(published)
      } catch (error) {
        report(error)
      }
    }
    run.resolve(published)
  }

  async function consume(run: Run) {
    try {
      for await (const frame of options.transport.stream(run.context)) {
        if (run !== current) break
        handleFrame(run, frame)
        if (run.finished) break
      }
      if (run !== current) return
      if (run.decoder) apply(run, run.decoder.end())
      if (!isSettled(state.status)) dispatch({ type: 'session/settle', status: 'complete', reason: 'stop' })
      finishRun(run)
    } catch (error) {
      if (run !== current) return
      if (run.decoder) apply(run, run.decoder.end())
      const streamError = toStreamError(error)
      const resumable = state.lastEventId !== undefined && streamError.code !== 'interrupted'
      dispatch({
        type: 'session/settle',
        status: 'error',
        error: streamError,
        reason: streamError.code === 'interrupted' ? 'interrupted' : 'error',
        resumable,
      })
      report(streamError)
      finishRun(run)
    }
  }

  function startRun(
    text: string,
    messages: readonly ChatMessage[],
    request: ChatRequest,
    resume?: { lastEventId: string; previous: Run },
  ): Promise<ChatSnapshot> {
    const controller = new AbortController()
    let resolve: (snapshot: ChatSnapshot) => void = () => {}
    const done = new Promise<ChatSnapshot>((settle) => {
      resolve = settle
    })
    const run: Run = {
      controller,
      decoder: resume?.previous.decoder,
      headers: resume?.previous.headers ?? {},
      finished: false,
      resolve,
      done,
      context: undefined as unknown as TransportContext,
    }
    const isCurrent = () => run === current
    run.context = {
      request,
      text,
      messages,
      signal: controller.signal,
      lastEventId: resume?.lastEventId,
      onConnection(change) {
        if (!isCurrent()) return
        if (change.status === 'reconnecting') metrics.reconnect()
        dispatch({
          type: 'session/connection',
          connection: change.status,
          reconnect:
            change.status === 'reconnecting'
              ? {
                  attempt: change.attempt ?? 1,
                  delayMs: change.delayMs ?? 0,
                  retryAt: timers.now() + (change.delayMs ?? 0),
                }
              : undefined,
        })
      },
      onOpen(headers) {
        if (isCurrent()) run.headers = headers
      },
      onCursor(id) {
        if (isCurrent()) dispatch({ type: 'session/cursor', lastEventId: id })
      },
      onBytes(count) {
        if (isCurrent()) metrics.bytes(count)
      },
      // A protocol without a terminal event (plain text) can only end with the body (issue 15).
      isFinished: () => run.finished || run.decoder?.hasTerminalEvent === false,
    }
    current = run
    lastRun = run
    void consume(run)
    return done
  }

  function abortCurrent(reason: string, tellServer: boolean): Run | undefined {
    const run = current
    if (run === undefined) return undefined
    current = undefined
    run.controller.abort(new StreamError('aborted', reason))
    if (tellServer && options.transport.cancel) {
      options.transport.cancel(run.context).catch(report)
    }
    return run
  }

  function toUserMessage(input: SendInput): ChatMessage {
    if (typeof input === 'string')
      return { id: generateId(), role: 'user', parts: [{ type: 'text', text: input }] }
    return input
  }

  function request(text: string, messages: readonly ChatMessage[]): ChatRequest {
    return buildChatRequest(
      {
        api: options.api ?? DEFAULT_SESSION_OPTIONS.api,
        headers: options.headers,
        body: options.body,
        prepareRequest: options.prepareRequest,
      },
      text,
      messages,
    )
  }

  function submit(text: string, messages: readonly ChatMessage[]): Promise<ChatSnapshot> {
    metrics.start(timers.now())
    toolArgs.clear()
    dispatch({ type: 'session/submit', messages })
    return startRun(text, state.messages, request(text, state.messages))
  }

  const session: ChatSession = {
    getSnapshot: () => published,
    subscribe(listener) {
      if (disposed) return () => {}
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    send(input) {
      if (disposed) return Promise.resolve(published)
      session.stop()
      const user = toUserMessage(input)
      const text = user.parts.map((part) => (part.type === 'text' ? part.text : '')).join('')
      return submit(text, [...state.messages, user])
    },
    stop() {
      const run = abortCurrent('stopped', true)
      if (run === undefined) return
      dispatch({ type: 'session/settle', status: 'cancelled', reason: 'cancelled' })
      finishRun(run)
    },
    disconnect() {
      const run = abortCurrent('disconnected', false)
      if (run === undefined) return
      lastRun = run
      dispatch({ type: 'session/connection', connection: 'closed' })
      state = { ...state, resumable: state.lastEventId !== undefined }
      dirty = true
      flush()
      run.resolve(published)
    },
    resume() {
      if (disposed) return Promise.resolve(published)
      if (current) return current.done
      const previous = lastRun
      const lastEventId = state.lastEventId
      if (previous === undefined || lastEventId === undefined || !state.resumable)
        return Promise.resolve(published)
      dispatch({ type: 'session/resume' })
      return startRun(previous.context.text, previous.context.messages, previous.context.request, {
        lastEventId,
        previous,
      })
    },
    retry() {
      if (disposed) return Promise.resolve(published)
      if (current) return current.done
      return state.resumable ? session.resume() : session.regenerate()
    },
    regenerate() {
      if (disposed) return Promise.resolve(published)
      session.stop()
      const messages = state.messages
      let index = messages.length - 1
      while (index >= 0 && messages[index]?.role !== 'user') index--
      const user = messages[index]
      if (user === undefined) return Promise.resolve(published)
      const text = user.parts.map((part) => (part.type === 'text' ? part.text : '')).join('')
      return submit(text, messages.slice(0, index + 1))
    },
    reset() {
      abortCurrent('reset', true)
      lastRun = undefined
      toolArgs.clear()
      dispatch({ type: 'session/reset' })
      flush()
    },
    setMessages(value) {
      if (disposed) return
      const messages = typeof value === 'function' ? value(state.messages) : value
      dispatch({ type: 'session/set-messages', messages })
      flush()
    },
    flush() {
      if (!disposed) flush()
    },
    dispose() {
      if (disposed) return
      session.stop()
      disposed = true
      cancelScheduled?.()
      cancelScheduled = undefined
      listeners.clear()
      options.transport.close?.()
    },
  }
  return session
}
