// Over ~300 lines: the options (each with its JSDoc and default) and one attempt loop whose retry,
// resume, auth and offline decisions share the attempt's state. Parsing (eventsource-parser-reader),
// the body guard (open-event-stream) and id continuity (stream-continuity) are their own files.
import {
  browserEnvironment,
  type ChatRequest,
  type ChatTransport,
  createAsyncQueue,
  DEFAULT_RETRY,
  decideRetry,
  defaultTimers,
  type EndFrame,
  type Frame,
  type PageEnvironment,
  type RestartFrame,
  type RetryOptions,
  StreamError,
  sleep,
  type Timers,
  type TransportContext,
  type TransportFrame,
  toStreamError,
  waitForReady,
} from '../core/index.js'
import { eventsourceParserReader } from './eventsource-parser-reader.js'
import { canSendLastEventId, encodeLastEventId } from './last-event-id.js'
import { openEventStream } from './open-event-stream.js'
import type { SseReader } from './sse-reader.js'
import { createStreamContinuity } from './stream-continuity.js'

export interface SseTransportOptions {
  /** The fetch to use; read from the global when a request starts. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch
  /** Replaces the event-stream parser. @default eventsourceParserReader (the WHATWG rules, every runtime) */
  reader?: SseReader
  /** Backoff and budgets; `false` makes every failure final. @default DEFAULT_RETRY */
  retry?: Partial<RetryOptions> | false
  /** Time to response headers before an attempt fails with `timeout`, ms. @default 10000 */
  connectTimeoutMs?: number
  /** Time without a byte (heartbeats count) before an attempt fails with `idle_timeout`, ms. @default 45000 */
  idleTimeoutMs?: number
  /** Largest single event, bytes; bigger fails with `event_too_large`. @default 1048576 */
  maxEventBytes?: number
  /** Frames parsed but not yet consumed; more fails with `buffer_overflow`. @default 10000 */
  maxBufferedFrames?: number
  /**
   * Builds the request that continues a response from `lastEventId` (the id as the server sent it);
   * `false` never resumes (a drop after the first frame ends 'interrupted').
   * @default the same request with a `Last-Event-ID` header (the id's UTF-8 bytes, as EventSource sends it)
   */
  resumeRequest?: ((request: ChatRequest, lastEventId: string) => ChatRequest) | false
  /** A request that tells the server to stop generating, sent by `stop()`. @default undefined */
  cancelRequest?: (context: TransportContext) => ChatRequest | undefined
  /** Clock and timers. @default defaultTimers() */
  timers?: Timers
  /** Randomness for backoff jitter. @default Math.random */
  random?: () => number
  /** Online/visibility source: no attempts while offline or while hidden during backoff. @default browserEnvironment() */
  environment?: PageEnvironment
  /**
   * Called once when a request gets 401 (refresh a token here); the headers it returns are added to
   * one immediate retry. A second 401 fails `unauthorized`: no loop (docs/reliability.md, scenario 22). @default undefined
   */
  refreshAuth?: (
    context: TransportContext,
  ) => Promise<Record<string, string> | undefined> | Record<string, string> | undefined
}

export const DEFAULT_SSE_OPTIONS = Object.freeze({
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 45_000,
  maxEventBytes: 1024 * 1024,
  maxBufferedFrames: 10_000,
  retry: DEFAULT_RETRY,
})

/** Sends the cursor like EventSource does (UTF-8 encoded); servers that gave ids are expected to honour it. */
export function defaultResumeRequest(request: ChatRequest, lastEventId: string): ChatRequest {
  return { ...request, headers: { ...request.headers, 'last-event-id': encodeLastEventId(lastEventId) } }
}

/** The chat's stream GET carries the cursor as built in core: encode it as the header needs. */
function withEncodedCursor(request: ChatRequest): ChatRequest {
  const id = request.headers?.['last-event-id']
  if (id === undefined) return request
  return { ...request, headers: { ...request.headers, 'last-event-id': encodeLastEventId(id) } }
}

type QueueItem = { frame: Frame } | { cursor: string | undefined }

const RESTART: RestartFrame = Object.freeze({ kind: 'restart' })
const END_OF_BODY: EndFrame = Object.freeze({ kind: 'end' })

/**
 * SSE over fetch: POST or GET, single-attempt readers, and the retry policy. A failure before the
 * first frame retries the request; after it, the response resumes from the cursor when the server
 * gave event ids, and otherwise ends `interrupted`: re-sending would generate the answer twice.
 */
export function createSseTransport(options: SseTransportOptions = {}): ChatTransport {
  const timers = options.timers ?? defaultTimers()
  const random = options.random ?? Math.random
  const retry = options.retry === false ? undefined : { ...DEFAULT_RETRY, ...options.retry }
  const resumeRequest = options.resumeRequest === undefined ? defaultResumeRequest : options.resumeRequest
  // A custom resume request may carry the id elsewhere (a URL); the default header cannot carry controls.
  const canResumeFrom = (id: string | undefined): id is string =>
    id !== undefined && (resumeRequest !== defaultResumeRequest || canSendLastEventId(id))
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_SSE_OPTIONS.connectTimeoutMs
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_SSE_OPTIONS.idleTimeoutMs
  const maxEventBytes = options.maxEventBytes ?? DEFAULT_SSE_OPTIONS.maxEventBytes
  const maxBufferedFrames = options.maxBufferedFrames ?? DEFAULT_SSE_OPTIONS.maxBufferedFrames
  const doFetch: typeof globalThis.fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init)

  async function* stream(context: TransportContext): AsyncGenerator<TransportFrame> {
    const { signal } = context
    const environment = options.environment ?? browserEnvironment()
    const reader = options.reader ?? eventsourceParserReader
    let startedAt = timers.now()
    // The cursor as the consumer knows it (frame ids, cursor frames); the transport's own is continuity.cursor.
    let reported = context.lastEventId
    // A resume starts with frames already delivered by an earlier connection.
    let delivered = context.lastEventId !== undefined
    let attempt = 0
    let serverRetryMs: number | undefined
    let authHeaders: Record<string, string> | undefined
    // With the chat's stream endpoint, a response that opened is only ever followed again, never re-sent.
    const follow = resumeRequest === false ? undefined : context.resumeRequest
    let opened = false
    let restart = false
    let backOnline = false
    const continuity = createStreamContinuity(context.lastEventId)

    /** Says 'offline' and waits for the network (and a visible page, when asked); false on abort. */
    async function waitOnline(requireVisible: boolean): Promise<boolean> {
      const offlineSince = environment.isOnline() ? undefined : timers.now()
      if (offlineSince !== undefined) context.onConnection({ status: 'offline' })
      try {
        await waitForReady(environment, signal, requireVisible)
      } catch {
        return false
      }
      // Time offline is not time spent retrying: it must not use up the retry budget.
      if (offlineSince !== undefined) startedAt += timers.now() - offlineSince
      return true
    }

    while (true) {
      if (signal.aborted) return
      if (!(await waitOnline(false))) return
      const controller = new AbortController()
      const onAbort = () => controller.abort(signal.reason)
      signal.addEventListener('abort', onAbort, { once: true })
      const unsubscribe = environment.subscribe(() => {
        if (!environment.isOnline()) {
          controller.abort(new StreamError('offline', 'the device went offline', { retryable: true }))
        }
      })
      const queue = createAsyncQueue<QueueItem>(maxBufferedFrames)
      let noContent = false
      let openedAt = 0
      let framesThisAttempt = 0
      // This attempt asks for the stream from here.
      const from = continuity.cursor
      const resuming = delivered && from !== undefined
      if (resuming && resumeRequest === false) {
        throw new StreamError('interrupted', 'resuming is turned off')
      }
      const withAuth = (request: ChatRequest): ChatRequest =>
        authHeaders === undefined ? request : { ...request, headers: { ...request.headers, ...authHeaders } }
      const request =
        follow !== undefined && (opened || delivered)
          ? withAuth(withEncodedCursor(follow(from)))
          : resuming && resumeRequest
            ? resumeRequest(withAuth(context.request), from as string)
            : withAuth(context.request)
      restart = follow !== undefined && delivered && from === undefined
      if (restart) continuity.restart()
      // Retries (and a return from offline) already reported 'reconnecting'.
      if (attempt === 0 && !backOnline) context.onConnection({ status: 'connecting' })
      backOnline = false
      void (async () => {
        const response = await openEventStream({
          request,
          fetch: doFetch,
          controller,
          timers,
          connectTimeoutMs,
          idleTimeoutMs,
          maxEventBytes,
          onBytes: context.onBytes,
          // A burst of tiny events must wait for the consumer instead of overflowing the queue.
          beforeSlice: () =>
            queue.size >= maxBufferedFrames / 2
              ? queue.whenBelow(Math.ceil(maxBufferedFrames / 4))
              : undefined,
        })
        if (response === 'no-content') {
          noContent = true
          queue.end()
          return
        }
        continuity.open(response.headers)
        opened = true
        openedAt = timers.now()
        context.onConnection({ status: 'open' })
        context.onOpen?.(response.headers)
        await reader(
          response,
          {
            onFrame: (frame) => queue.push({ frame }),
            onCursor: (id) => queue.push({ cursor: id }),
            onRetry: (ms) => {
              serverRetryMs = ms
            },
          },
          controller.signal,
        )
        queue.end()
      })().catch((error: unknown) => {
        queue.fail(
          controller.signal.aborted && controller.signal.reason !== undefined
            ? controller.signal.reason
            : error,
        )
      })

      try {
        for await (const item of queue) {
          if ('cursor' in item) {
            if (!continuity.commit(item.cursor)) continue
            // A frame carrying this id told the consumer already; an id-only block or a clear did not.
            if (item.cursor !== reported) {
              reported = item.cursor
              yield { kind: 'cursor', id: item.cursor ?? '' }
            }
            continue
          }
          if (!continuity.accept(item.frame)) continue
          if (restart) {
            restart = false
            yield RESTART
          }
          delivered = true
          framesThisAttempt++
          if (retry && attempt > 0 && timers.now() - openedAt >= retry.healthyAfterMs) attempt = 0
          if (item.frame.id !== undefined) reported = item.frame.id
          yield item.frame
        }
        if (noContent || !delivered || continuity.cursor === undefined) return
        // A consumer that saw the protocol's terminal event has stopped reading (and one whose
        // protocol has none stops here); still reading means the body was cut short.
        yield END_OF_BODY
        throw new StreamError('network', 'the stream ended before its final event', { retryable: true })
      } catch (thrown) {
        if (signal.aborted) return
        const error = toStreamError(thrown)
        if (error.code === 'environment' || error.code === 'resume_failed') throw error
        // The server no longer has the stream (its buffer expired, or it restarted): asking again
        // from the cursor cannot work, and re-sending the request would generate the answer twice.
        if (resuming && (error.status === 404 || error.status === 410 || error.status === 422)) {
          throw new StreamError(
            'resume_failed',
            `the server cannot resume this stream (HTTP ${error.status})`,
            {
              status: error.status,
              body: error.body,
              cause: error,
            },
          )
        }
        if (error.code === 'unauthorized' && options.refreshAuth && authHeaders === undefined) {
          try {
            authHeaders = { ...(await options.refreshAuth(context)) }
          } catch (cause) {
            throw new StreamError('unauthorized', error.message, { status: error.status, cause })
          }
          continue
        }
        const cursor = continuity.cursor
        if (delivered && !canResumeFrom(cursor) && follow === undefined) {
          throw new StreamError(
            'interrupted',
            cursor === undefined
              ? `the stream dropped after ${framesThisAttempt > 0 ? 'tokens' : 'data'} arrived and gave no event ids to resume from`
              : `the stream dropped and its last event id ${JSON.stringify(cursor)} cannot be sent back in a header`,
            { cause: error },
          )
        }
        if (retry === undefined) throw error
        if (error.code === 'offline') {
          // No backoff and no attempt used: nothing can work until the network is back.
          if (!(await waitOnline(true))) return
          context.onConnection({ status: 'reconnecting', attempt: attempt + 1, delayMs: 0, error })
          backOnline = true
          continue
        }
        const decision = decideRetry({
          attempt,
          error,
          elapsedMs: timers.now() - startedAt,
          serverRetryMs,
          options: retry,
          random,
        })
        if (!decision.retry) throw decision.error
        attempt++
        context.onConnection({ status: 'reconnecting', attempt, delayMs: decision.delayMs, error })
        try {
          await sleep(decision.delayMs, signal, timers)
        } catch {
          return
        }
        // Hidden tabs wait out the backoff until visible: no retries while nobody looks (#17).
        if (!(await waitOnline(true))) return
      } finally {
        signal.removeEventListener('abort', onAbort)
        unsubscribe()
        controller.abort(new StreamError('aborted', 'attempt finished'))
      }
    }
  }

  return {
    name: 'sse',
    stream,
    async cancel(context) {
      const request = options.cancelRequest?.(context) ?? context.cancelRequest
      if (request === undefined) return
      try {
        const response = await doFetch(request.url, {
          ...request.init,
          method: request.method ?? 'POST',
          ...(request.headers === undefined ? {} : { headers: request.headers }),
          ...(request.body === undefined ? {} : { body: request.body }),
          keepalive: true,
        })
        await response.body?.cancel()
      } catch {
        // Best-effort: the local stream is already stopped.
      }
    },
  }
}
