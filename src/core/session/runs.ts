import { StreamError } from '../errors.js'
import type { AgentEvent } from '../events.js'
import type { MetricsRecorder } from '../metrics.js'
import type { Frame, ProtocolDecoder } from '../protocol.js'
import { toStreamError } from '../retry-policy.js'
import type { ChatSnapshot } from '../snapshot.js'
import { isSettled } from '../status.js'
import { buildResumeRequest, type StreamEndpointOptions } from '../stream-endpoint.js'
import { type LostEvents, lostEventsOf } from '../stream-position.js'
import type { Timers } from '../timers.js'
import { isDataFrame, type TransportContext, type TransportFrame } from '../transport.js'
import type { ChatStore } from './chat-store.js'
import { loadProtocol } from './protocol-loading.js'
import { createRunContext, type Run, type RunContextHost, type RunSetup } from './run-context.js'
import { type ChatSessionOptions, DEFAULT_SESSION_OPTIONS, type ResumeOptions } from './types.js'

export type { Run, RunSetup } from './run-context.js'

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

  /** The run's decoder, once its protocol is ready (a built-in chosen by name loads on first use). */
  async function createDecoder(run: Run): Promise<ProtocolDecoder> {
    const protocol = typeof options.protocol === 'function' ? options.protocol(run.headers) : options.protocol
    await loadProtocol(protocol)
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

  function handleFrame(run: Run, decoder: ProtocolDecoder, frame: Frame) {
    metrics.frame(timers.now())
    if (run.replay) {
      run.replay = false
      store.clearToolArgs()
      store.dispatch({ type: 'session/replay' })
    }
    apply(run, decoder.decode(frame))
  }

  /** Takes a cursor, restart or end item off the transport; false when the response is complete. */
  function consumeControl(run: Run, item: Exclude<TransportFrame, Frame>): boolean {
    if (item.kind === 'cursor') {
      moveCursor(item.id)
      return true
    }
    if (item.kind === 'restart') {
      // The next frame starts the stream over: a fresh decoder, and it replaces the answer shown.
      run.decoder = undefined
      run.replay = true
      return true
    }
    // The body ended cleanly: that completes a protocol without a terminal event (plain text, issue
    // 15); reading on makes the transport resume from its cursor.
    return run.decoder?.hasTerminalEvent !== false
  }

  /** The cursor after a frame; '' is an empty `id:`, which clears it. */
  function moveCursor(id: string) {
    store.dispatch({ type: 'session/cursor', lastEventId: id === '' ? undefined : id })
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
      for await (const item of options.transport.stream(run.context)) {
        if (run !== current) break
        if (isDataFrame(item)) {
          const decoder = run.decoder ?? (await createDecoder(run))
          if (run !== current) break
          handleFrame(run, decoder, item)
          if (item.id !== undefined && run === current) moveCursor(item.id)
        } else if (!consumeControl(run, item)) break
        // Stopping at the terminal event tells the transport the response is complete (return()).
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

  const contextHost: RunContextHost = {
    options,
    store,
    metrics,
    timers,
    endpoint,
    isCurrent: (run) => run === current,
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
    run.context = createRunContext(run, setup, contextHost)
    current = run
    lastRun = run
    if (run.follow) store.dispatch({ type: 'session/follow' })
    host.page.watch()
    void consume(run)
    return done
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
