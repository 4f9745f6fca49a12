import type { BranchTarget } from './branches.js'
import { DEFAULT_CAPS, type SessionCaps } from './caps.js'
import { browserEnvironment, type PageEnvironment } from './environment.js'
import { StreamError } from './errors.js'
import type { AgentEvent } from './events.js'
import { createIdGenerator } from './ids.js'
import type { ChatMessage, ToolOutcome } from './messages.js'
import { createMetricsRecorder } from './metrics.js'
import { createPageLifecycle } from './page-lifecycle.js'
import { createIncrementalJson, type IncrementalJson } from './partial-json.js'
import type { DecoderDiagnostic, Frame, Protocol, ProtocolDecoder } from './protocol.js'
import { type ChatAction, type ReducerContext, reduce } from './reducer.js'
import { buildChatRequest, type ContinuationRequest, type PrepareRequestInput } from './request.js'
import { toStreamError } from './retry-policy.js'
import { animationFrameScheduler, type FrameScheduler } from './scheduler.js'
import { type ChatSnapshot, initialSnapshot } from './snapshot.js'
import { isActiveStatus, isSettled } from './status.js'
import {
  buildCancelRequest,
  buildResumeRequest,
  type PrepareCancelRequestInput,
  type PrepareResumeRequestInput,
} from './stream-endpoint.js'
import { type LostEvents, lostEventsOf } from './stream-position.js'
import { defaultTimers, type Timers } from './timers.js'
import {
  type ClientToolOptions,
  DEFAULT_MAX_AUTO_CONTINUATIONS,
  type ToolContinuation,
} from './tool-calls.js'
import { createToolCoordinator, type ToolDecisionOptions } from './tool-session.js'
import type { ChatRequest, ChatTransport, TransportContext } from './transport.js'

/** Picks the protocol from the response headers (lower-case names). */
export type ProtocolChooser = (headers: Readonly<Record<string, string>>) => Protocol

export interface ChatSessionOptions extends ClientToolOptions {
  /** Carries responses: `createSseTransport()`, `createWebSocketTransport()`, `createIterableTransport()`. */
  transport: ChatTransport
  /** Decodes frames into agent events; a function picks one from the response headers. */
  protocol: Protocol | ProtocolChooser
  /** Endpoint of the default request (POST JSON `{id?, messages: [{id, role, content}]}`). @default '/api/chat' */
  api?: string
  /**
   * The chat id: sent as `id` in the default body, and names the chat's stream endpoint
   * `{api}/{id}/stream` (docs/resumable-streams.md). With it, a response that opened is followed
   * again with a GET (never re-sent), `stop()` sends a DELETE, and `resumeStream()` works. @default undefined
   */
  id?: string
  /** How to recover a followed stream that lost events (`true`: end with `resume_failed`). @default undefined */
  resume?: boolean | ResumeOptions
  /** Replaces any part of the GET that follows the chat's stream (another URL, say). @default undefined */
  prepareResumeRequest?: (input: PrepareResumeRequestInput) => Partial<ChatRequest>
  /** Replaces any part of the DELETE that `stop()` sends. @default undefined */
  prepareCancelRequest?: (input: PrepareCancelRequestInput) => Partial<ChatRequest>
  /** Page lifecycle source: the connection closes while the page sits in the back/forward cache. @default browserEnvironment() */
  environment?: PageEnvironment
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
  autoContinue: true,
  maxAutoContinuations: DEFAULT_MAX_AUTO_CONTINUATIONS,
})

/** Resuming the chat's stream (`resume` option). */
export interface ResumeOptions {
  /**
   * The conversation as the app stored it, used when a followed stream lost events (a gap, or
   * another stream than the cursor's): the messages are replaced with it, and the chat's stream is
   * followed again from its first event. Without it, such a loss ends with `resume_failed`. @default undefined
   */
  loadMessages?: () => Promise<readonly ChatMessage[]> | readonly ChatMessage[]
}

/** What `send` accepts: text, or a full user message. */
export type SendInput = string | ChatMessage

export interface ChatSession {
  /** The current immutable snapshot; the same object until a notification. */
  getSnapshot(): ChatSnapshot
  /** Calls `listener` after each published change; returns an unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Sends a user message and streams the answer. Resolves (never rejects) when the response settles. */
  send(input: SendInput): Promise<ChatSnapshot>
  /**
   * Aborts the response (also one that is disconnected), keeps the partial text, settles
   * 'cancelled', and tells the server (with `id`: DELETE `{api}/{id}/stream`). Idempotent.
   */
  stop(): void
  /** Stops reading but leaves the server generating; `resume()` continues from the cursor. */
  disconnect(): void
  /** Continues a disconnected or dropped response from `lastEventId` (or, with `id`, from the stream's start). */
  resume(): Promise<ChatSnapshot>
  /**
   * Follows the chat's active stream from its first event (GET `{api}/{id}/stream`): after a
   * reload, in a second tab. A `204` leaves everything as it was. Needs `id`; while a response
   * runs it returns that response.
   */
  resumeStream(): Promise<ChatSnapshot>
  /** Resumes when possible, else regenerates the last answer. */
  retry(): Promise<ChatSnapshot>
  /**
   * Asks again for the answer to the last user message. An answer already there is kept as a
   * version of that reply (`switchBranch` shows it again); a response in flight is stopped first.
   */
  regenerate(): Promise<ChatSnapshot>
  /**
   * Edits the user message `messageId` and asks again from there: the message and everything
   * after it are kept as a version of that fork, `input` takes its place, and its answer streams
   * (the request carries only the current path). A response in flight is stopped first, its partial
   * text kept in its version. An id that is not a user message on the path is reported through
   * `onError` (`invalid_input`) and changes nothing.
   */
  editMessage(messageId: string, input: SendInput): Promise<ChatSnapshot>
  /**
   * Shows another version at the fork where `messageId` sits (a key of `snapshot.branches`): an
   * index from 0, or 'previous' / 'next'. The chosen version comes back with its own nested
   * versions. A response in flight is stopped first (its partial text stays in its version) and the
   * status returns to 'idle'. Ids without versions and indexes out of range change nothing.
   */
  switchBranch(messageId: string, target: BranchTarget): void
  /** Stops and clears everything. */
  reset(): void
  /**
   * Approves a tool call that awaits approval: it keeps `approval.approved: true` and is 'running'
   * (the backend runs it after the continuation). An id that is not awaiting approval in the current
   * turn changes nothing and reports a `tool_call` error through `onError`. Resolves when the
   * continuation it triggered settles, or at once when none was sent (docs/tools.md).
   */
  approveToolCall(id: string, options?: ToolDecisionOptions): Promise<ChatSnapshot>
  /** Denies a tool call that awaits approval ('denied', with the reason); otherwise as `approveToolCall`. */
  denyToolCall(id: string, options?: ToolDecisionOptions): Promise<ChatSnapshot>
  /**
   * Gives a running tool call of the current turn its result or error (a client-side tool); then
   * the continuation rule applies. Bad ids or outcomes report a `tool_call` error, never throw.
   */
  addToolResult(id: string, outcome: ToolOutcome): Promise<ChatSnapshot>
  /**
   * Sends the continuation now (for `autoContinue: false`, or after `stop()`): the current turn's
   * tool calls must all be settled, else it reports a `tool_call` error.
   */
  continueResponse(): Promise<ChatSnapshot>
  /** Replaces the messages (not while a response streams into them). */
  setMessages(
    messages: readonly ChatMessage[] | ((previous: readonly ChatMessage[]) => readonly ChatMessage[]),
  ): void
  /** Publishes pending token updates now. */
  flush(): void
  /**
   * Stops, drops listeners, and turns every later call into a no-op. With `id` it only lets go of
   * the response: the server keeps generating for whoever follows the chat next.
   */
  dispose(): void
}

interface Run {
  controller: AbortController
  context: TransportContext
  decoder: ProtocolDecoder | undefined
  headers: Readonly<Record<string, string>>
  finished: boolean
  /** A response opened (the server has the stream). */
  opened: boolean
  /** Reads the chat's stream from its start without sending anything: status moves only once it answers. */
  follow: boolean
  /** The next frame starts the stream over: it replaces the answer shown so far. */
  replay: boolean
  /** Messages were already reloaded for this response: a second loss ends it. */
  reloaded: boolean
  /** The connection status before a follow started, restored when there was nothing to follow. */
  connectionBefore: ChatSnapshot['connection']
  resolve: (snapshot: ChatSnapshot) => void
  done: Promise<ChatSnapshot>
}

/** How a run starts. */
interface RunSetup {
  text: string
  messages: readonly ChatMessage[]
  request: ChatRequest
  /** Continue from this cursor. */
  lastEventId?: string | undefined
  /** The run this one continues (decoder, headers). */
  previous?: Run | undefined
  follow?: boolean
  replay?: boolean
  reloaded?: boolean
  /** Settle the promise of an earlier run of the same response. */
  chain?: Run | undefined
  /** The tool calls this response continues after. */
  continuation?: ToolContinuation | undefined
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
  let environment: PageEnvironment | undefined
  const page = createPageLifecycle(() => (environment ??= options.environment ?? browserEnvironment()), {
    hide() {
      if (current === undefined || !canResume(current)) return false
      session.disconnect()
      return true
    },
    show() {
      void session.resume().then(() => {
        if (current === undefined) page.release()
      })
    },
  })

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
      tools.afterEvent(event)
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
    if (run.replay) {
      run.replay = false
      toolArgs.clear()
      dispatch({ type: 'session/replay' })
    }
    apply(run, chooseDecoder(run).decode(frame))
  }

  /** With `id`, a response the server opened can be followed again even without a cursor. */
  function canResume(run: Run): boolean {
    return state.lastEventId !== undefined || (options.id !== undefined && run.opened)
  }

  function endpoint() {
    return {
      api: options.api ?? DEFAULT_SESSION_OPTIONS.api,
      id: options.id as string,
      headers: options.headers,
      prepareResumeRequest: options.prepareResumeRequest,
      prepareCancelRequest: options.prepareCancelRequest,
    }
  }

  function finishRun(run: Run, quiet = false) {
    if (current === run) current = undefined
    if (current === undefined) page.release()
    flush()
    if (options.onFinish && !quiet) {
      try {
        options.onFinish(published)
      } catch (error) {
        report(error)
      }
    }
    run.resolve(published)
    if (!quiet && current === undefined) void tools.settled()
  }

  async function consume(run: Run) {
    try {
      for await (const frame of options.transport.stream(run.context)) {
        if (run !== current) break
        handleFrame(run, frame)
        if (run.finished) break
      }
      if (run !== current) return
      if (run.follow && !run.opened) {
        // 204: the chat has no active stream. A probe changes nothing; after a reload, the snapshot stands.
        if (run.reloaded) dispatch({ type: 'session/settle', status: 'complete' })
        else dispatch({ type: 'session/connection', connection: run.connectionBefore })
        return finishRun(run, !run.reloaded)
      }
      if (run.decoder) apply(run, run.decoder.end())
      if (!isSettled(state.status)) dispatch({ type: 'session/settle', status: 'complete', reason: 'stop' })
      finishRun(run)
    } catch (error) {
      if (run !== current) return
      const streamError = toStreamError(error)
      const lost = lostEventsOf(streamError)
      const loadMessages = typeof options.resume === 'object' ? options.resume.loadMessages : undefined
      if (lost !== undefined && loadMessages !== undefined && !run.reloaded) {
        void reload(run, lost, loadMessages)
        return
      }
      if (run.decoder) apply(run, run.decoder.end())
      fail(run, streamError)
    }
  }

  function fail(run: Run, streamError: StreamError) {
    const final = streamError.code === 'interrupted' || streamError.code === 'resume_failed'
    dispatch({
      type: 'session/settle',
      status: 'error',
      error: streamError,
      reason: streamError.code === 'interrupted' ? 'interrupted' : 'error',
      resumable: !final && canResume(run),
    })
    report(streamError)
    finishRun(run)
  }

  /** Events were lost: take the app's stored conversation, then follow the stream again from its start. */
  async function reload(
    run: Run,
    lost: LostEvents,
    loadMessages: NonNullable<ResumeOptions['loadMessages']>,
  ) {
    let messages: unknown
    try {
      messages = await loadMessages()
    } catch (cause) {
      if (run === current)
        fail(run, new StreamError('resume_failed', 'events were lost and loadMessages failed', { cause }))
      return
    }
    if (run !== current) return
    if (!Array.isArray(messages)) {
      fail(run, new StreamError('resume_failed', 'events were lost and loadMessages gave no message array'))
      return
    }
    toolArgs.clear()
    dispatch({ type: 'session/set-messages', messages })
    dispatch({ type: 'session/cursor', lastEventId: undefined })
    // A loss seen while reading from the start would repeat if read from the start again.
    if (lost.cursor === undefined || options.id === undefined) {
      dispatch({ type: 'session/settle', status: 'complete' })
      return finishRun(run)
    }
    startRun({
      text: run.context.text,
      messages: state.messages,
      request: buildResumeRequest(endpoint(), undefined),
      follow: true,
      replay: true,
      reloaded: true,
      chain: run,
    })
  }

  function startRun(setup: RunSetup): Promise<ChatSnapshot> {
    const controller = new AbortController()
    let resolve: (snapshot: ChatSnapshot) => void = () => {}
    let done = new Promise<ChatSnapshot>((settle) => {
      resolve = settle
    })
    if (setup.chain) ({ resolve, done } = setup.chain)
    const previous = setup.replay ? undefined : setup.previous
    const run: Run = {
      controller,
      decoder: previous?.decoder,
      headers: previous?.headers ?? {},
      finished: false,
      opened: setup.previous?.opened ?? false,
      follow: setup.follow ?? false,
      replay: setup.replay ?? false,
      reloaded: setup.reloaded ?? false,
      connectionBefore: state.connection,
      resolve,
      done,
      context: undefined as unknown as TransportContext,
    }
    const isCurrent = () => run === current
    const hasEndpoint = options.id !== undefined
    run.context = {
      request: setup.request,
      text: setup.text,
      messages: setup.messages,
      signal: controller.signal,
      lastEventId: setup.lastEventId,
      ...(setup.continuation ? { continuation: setup.continuation } : {}),
      ...(hasEndpoint
        ? {
            resumeRequest: (lastEventId: string | undefined) => buildResumeRequest(endpoint(), lastEventId),
            cancelRequest: buildCancelRequest(endpoint()),
          }
        : {}),
      onRestart() {
        if (!isCurrent()) return
        run.decoder = undefined
        run.replay = true
      },
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
        if (!isCurrent()) return
        run.headers = headers
        run.opened = true
        if (!run.follow) return
        if (!isActiveStatus(state.status)) metrics.start(timers.now())
        dispatch({ type: 'session/attach' })
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
    if (run.follow) dispatch({ type: 'session/follow' })
    page.watch()
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

  function textOf(message: ChatMessage): string {
    return message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('')
  }

  function request(
    text: string,
    messages: readonly ChatMessage[],
    continuation?: ContinuationRequest,
  ): ChatRequest {
    return buildChatRequest(
      {
        api: options.api ?? DEFAULT_SESSION_OPTIONS.api,
        id: options.id,
        headers: options.headers,
        body: options.body,
        prepareRequest: options.prepareRequest,
      },
      text,
      messages,
      continuation,
    )
  }

  function lastUserText(messages: readonly ChatMessage[]): string {
    const user = messages.findLast((message) => message.role === 'user')
    return user ? user.parts.map((part) => (part.type === 'text' ? part.text : '')).join('') : ''
  }

  const tools = createToolCoordinator({
    options,
    state: () => state,
    dispatch,
    flush() {
      flush()
      return published
    },
    report,
    busy: () => current !== undefined,
    disposed: () => disposed,
    startContinuation(continuation) {
      // The decoder of the response that asked shapes the body its backend expects (LangGraph's resume).
      let body: Record<string, unknown> | undefined
      try {
        body = lastRun?.decoder?.continuationBody?.(continuation)
      } catch (error) {
        report(StreamError.from(error, 'protocol'))
      }
      metrics.start(timers.now())
      toolArgs.clear()
      tools.responseStarted()
      dispatch({ type: 'session/continue', messageId: continuation.messageId })
      const messages = state.messages
      const text = lastUserText(messages)
      return startRun({
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
    toolArgs.clear()
    dispatch({ type: 'session/submit', messages })
    return startRun({ text, messages: state.messages, request: request(text, state.messages) })
  }

  /**
   * Ends the response 'cancelled'. `tellServer` stops the generation too; a new POST for the same
   * chat cancels the running one itself, and a DELETE racing it could stop the new answer instead.
   */
  function cancel(reason: string, tellServer: boolean, paused = false) {
    const run = abortCurrent(reason, tellServer)
    if (run === undefined) {
      // stop() on a disconnected response: it is still generating on the server, so tell it.
      const previous = lastRun
      if (!paused || previous === undefined || isSettled(state.status)) return
      if (tellServer) options.transport.cancel?.(previous.context).catch(report)
      dispatch({ type: 'session/settle', status: 'cancelled', reason: 'cancelled' })
      flush()
      return
    }
    dispatch({ type: 'session/settle', status: 'cancelled', reason: 'cancelled' })
    finishRun(run)
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
      cancel('stopped', options.id === undefined)
      const user = toUserMessage(input)
      return submit(textOf(user), [...state.messages, user])
    },
    stop() {
      if (disposed) return
      const waiting = tools.abort('stopped')
      cancel('stopped', true, true)
      // Stopped while waiting for a person or a client tool: the turn ends, nothing is sent by itself.
      if (waiting && current === undefined && state.status === 'complete') {
        dispatch({ type: 'session/settle', status: 'cancelled', reason: 'cancelled' })
        flush()
      }
    },
    disconnect() {
      const run = abortCurrent('disconnected', false)
      if (run === undefined) return
      lastRun = run
      dispatch({ type: 'session/connection', connection: 'closed' })
      state = { ...state, resumable: canResume(run) }
      dirty = true
      flush()
      run.resolve(published)
    },
    resume() {
      if (disposed) return Promise.resolve(published)
      if (current) return current.done
      const previous = lastRun
      const lastEventId = state.lastEventId
      if (previous === undefined || !state.resumable) return Promise.resolve(published)
      dispatch({ type: 'session/resume' })
      const { text, messages } = previous.context
      if (lastEventId === undefined) {
        // No cursor, but the chat's stream endpoint: read it again from the start, replacing the answer.
        return startRun({
          text,
          messages,
          request: buildResumeRequest(endpoint(), undefined),
          previous,
          replay: true,
        })
      }
      return startRun({ text, messages, request: previous.context.request, lastEventId, previous })
    },
    resumeStream() {
      if (disposed) return Promise.resolve(published)
      if (current) return current.done
      if (options.id === undefined) return Promise.resolve(published)
      toolArgs.clear()
      return startRun({
        text: '',
        messages: state.messages,
        request: buildResumeRequest(endpoint(), undefined),
        follow: true,
        replay: true,
      })
    },
    retry() {
      if (disposed) return Promise.resolve(published)
      if (current) return current.done
      return state.resumable ? session.resume() : session.regenerate()
    },
    regenerate() {
      if (disposed) return Promise.resolve(published)
      cancel('stopped', options.id === undefined)
      const messages = state.messages
      let index = messages.length - 1
      while (index >= 0 && messages[index]?.role !== 'user') index--
      const user = messages[index]
      if (user === undefined) return Promise.resolve(published)
      dispatch({ type: 'session/fork', position: index + 1 })
      return submit(textOf(user), state.messages.slice(0, index + 1))
    },
    editMessage(messageId, input) {
      if (disposed) return Promise.resolve(published)
      cancel('stopped', options.id === undefined)
      // After the stop: a regeneration stopped before its first token gives its old answer back.
      const index = state.messages.findIndex((message) => message.id === messageId)
      if (state.messages[index]?.role !== 'user') {
        report(
          new StreamError('invalid_input', `editMessage: no user message ${messageId} on the current path`),
        )
        flush()
        return Promise.resolve(published)
      }
      const user = toUserMessage(input)
      dispatch({ type: 'session/fork', position: index })
      return submit(textOf(user), [...state.messages, user])
    },
    switchBranch(messageId, target) {
      if (disposed || state.branches[messageId] === undefined) return
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
      abortCurrent('reset', true)
      lastRun = undefined
      toolArgs.clear()
      dispatch({ type: 'session/reset' })
      flush()
    },
    approveToolCall: (id, decision) => tools.decide(id, true, decision),
    denyToolCall: (id, decision) => tools.decide(id, false, decision),
    addToolResult: (id, outcome) => tools.addResult(id, outcome),
    continueResponse: () => tools.continueNow(),
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
      // With `id` the answer lives on the server for whoever follows the chat next: only let go of it.
      tools.abort('disposed')
      cancel('disposed', options.id === undefined)
      page.dispose()
      disposed = true
      cancelScheduled?.()
      cancelScheduled = undefined
      listeners.clear()
      options.transport.close?.()
    },
  }
  return session
}
