import { StreamError } from '../errors.js'
import type { AgentEvent } from '../events.js'
import type { ChatMessage } from '../messages.js'
import type { MetricsRecorder } from '../metrics.js'
import type { Frame, ProtocolDecoder } from '../protocol.js'
import { toStreamError } from '../retry-policy.js'
import type { ChatSnapshot } from '../snapshot.js'
import { isActiveStatus, isSettled } from '../status.js'
import { buildCancelRequest, buildResumeRequest, type StreamEndpointOptions } from '../stream-endpoint.js'
import { type LostEvents, lostEventsOf } from '../stream-position.js'
import type { Timers } from '../timers.js'
import type { ToolContinuation } from '../tool-calls.js'
import type { ChatRequest, TransportContext } from '../transport.js'
import type { ChatStore } from './chat-store.js'
import { type ChatSessionOptions, DEFAULT_SESSION_OPTIONS, type ResumeOptions } from './types.js'

/** One attempt at reading a response (a send, a resume, a follow of the chat's stream). */
export interface Run {
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
export interface RunSetup {
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

/** What runs need from their session. */
export interface RunHost {
  readonly options: ChatSessionOptions
  readonly store: ChatStore
  readonly metrics: MetricsRecorder
  readonly timers: Timers
  readonly page: { watch(): void; release(): void }
  /** Called after each event is reduced (client tools start here). */
  afterEvent(event: AgentEvent): void
  /** No response runs any more: the continuation rule may send one. */
  settled(): void
  report(error: unknown): void
}

/**
 * The response lifecycle of a chat session: starts runs on the transport, feeds their frames through
 * the decoder into the store, and settles them (complete, error, or lost events reloaded).
 */
export function createRunner(host: RunHost) {
  const { options, store, metrics, timers } = host
  let current: Run | undefined
  let lastRun: Run | undefined

  function chooseDecoder(run: Run): ProtocolDecoder {
    if (run.decoder) return run.decoder
    const protocol = typeof options.protocol === 'function' ? options.protocol(run.headers) : options.protocol
    run.decoder = protocol.createDecoder({
      headers: run.headers,
      onDiagnostic: (diagnostic) => {
        try {
          options.onDiagnostic?.(diagnostic)
        } catch (error) {
          host.report(error)
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
      store.dispatchEvent(event)
      host.afterEvent(event)
      if (options.onEvent) {
        try {
          options.onEvent(event)
        } catch (error) {
          host.report(error)
        }
      }
    }
  }

  function handleFrame(run: Run, frame: Frame) {
    metrics.frame(timers.now())
    if (run.replay) {
      run.replay = false
      store.clearToolArgs()
      store.dispatch({ type: 'session/replay' })
    }
    apply(run, chooseDecoder(run).decode(frame))
  }

  /** With `id`, a response the server opened can be followed again even without a cursor. */
  function canResume(run: Run): boolean {
    return store.state().lastEventId !== undefined || (options.id !== undefined && run.opened)
  }

  function endpoint(): StreamEndpointOptions {
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
    if (current === undefined) host.page.release()
    const published = store.flush()
    if (options.onFinish && !quiet) {
      try {
        options.onFinish(published)
      } catch (error) {
        host.report(error)
      }
    }
    run.resolve(published)
    if (!quiet && current === undefined) host.settled()
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
        if (run.reloaded) store.dispatch({ type: 'session/settle', status: 'complete' })
        else store.dispatch({ type: 'session/connection', connection: run.connectionBefore })
        return finishRun(run, !run.reloaded)
      }
      if (run.decoder) apply(run, run.decoder.end())
      if (!isSettled(store.state().status))
        store.dispatch({ type: 'session/settle', status: 'complete', reason: 'stop' })
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
    store.dispatch({
      type: 'session/settle',
      status: 'error',
      error: streamError,
      reason: streamError.code === 'interrupted' ? 'interrupted' : 'error',
      resumable: !final && canResume(run),
    })
    host.report(streamError)
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
    store.clearToolArgs()
    store.dispatch({ type: 'session/set-messages', messages })
    store.dispatch({ type: 'session/cursor', lastEventId: undefined })
    // A loss seen while reading from the start would repeat if read from the start again.
    if (lost.cursor === undefined || options.id === undefined) {
      store.dispatch({ type: 'session/settle', status: 'complete' })
      return finishRun(run)
    }
    startRun({
      text: run.context.text,
      messages: store.state().messages,
      request: buildResumeRequest(endpoint(), undefined),
      follow: true,
      replay: true,
      reloaded: true,
      chain: run,
    })
  }

  function startRun(setup: RunSetup): Promise<ChatSnapshot> {
    let resolve: (snapshot: ChatSnapshot) => void = () => {}
    let done = new Promise<ChatSnapshot>((settle) => {
      resolve = settle
    })
    if (setup.chain) ({ resolve, done } = setup.chain)
    const previous = setup.replay ? undefined : setup.previous
    const run: Run = {
      controller: new AbortController(),
      decoder: previous?.decoder,
      headers: previous?.headers ?? {},
      finished: false,
      opened: setup.previous?.opened ?? false,
      follow: setup.follow ?? false,
      replay: setup.replay ?? false,
      reloaded: setup.reloaded ?? false,
      connectionBefore: store.state().connection,
      resolve,
      done,
      context: undefined as unknown as TransportContext,
    }
    run.context = createContext(run, setup)
    current = run
    lastRun = run
    if (run.follow) store.dispatch({ type: 'session/follow' })
    host.page.watch()
    void consume(run)
    return done
  }

  /** The transport's view of a run; every callback is ignored once the run is no longer current. */
  function createContext(run: Run, setup: RunSetup): TransportContext {
    const isCurrent = () => run === current
    return {
      request: setup.request,
      text: setup.text,
      messages: setup.messages,
      signal: run.controller.signal,
      lastEventId: setup.lastEventId,
      ...(setup.continuation ? { continuation: setup.continuation } : {}),
      ...(options.id !== undefined
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
        store.dispatch({
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
        if (!isActiveStatus(store.state().status)) metrics.start(timers.now())
        store.dispatch({ type: 'session/attach' })
      },
      onCursor(id) {
        if (isCurrent()) store.dispatch({ type: 'session/cursor', lastEventId: id })
      },
      onBytes(count) {
        if (isCurrent()) metrics.bytes(count)
      },
      // A protocol without a terminal event (plain text) can only end with the body (issue 15).
      isFinished: () => run.finished || run.decoder?.hasTerminalEvent === false,
    }
  }

  /** Aborts the current run; `tellServer` also asks the transport to stop the generation. */
  function abortCurrent(reason: string, tellServer: boolean): Run | undefined {
    const run = current
    if (run === undefined) return undefined
    current = undefined
    run.controller.abort(new StreamError('aborted', reason))
    if (tellServer && options.transport.cancel) {
      options.transport.cancel(run.context).catch(host.report)
    }
    return run
  }

  return {
    /** The run in flight, if any. */
    current: () => current,
    /** The latest run, kept after it ends so `resume()` can continue it. */
    lastRun: () => lastRun,
    setLastRun(run: Run | undefined) {
      lastRun = run
    },
    startRun,
    abortCurrent,
    finishRun,
    canResume,
    endpoint,
    /** The decoder of the latest run (a continuation asks it for the body its backend expects). */
    decoder: () => lastRun?.decoder,
  }
}

export type Runner = ReturnType<typeof createRunner>
