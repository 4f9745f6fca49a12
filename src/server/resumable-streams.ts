import { StreamError } from '../core/index.js'
import { routeChatRequest } from './chat-router.js'
import { isValidEpoch, parseEventId, randomEpoch } from './event-id.js'
import { followStream } from './follower.js'
import { createMemoryStore } from './memory-store.js'
import {
  DEFAULT_RESUMABLE_STREAMS_OPTIONS,
  type EventProducer,
  type ResumableStreamsOptions,
} from './options.js'
import { runProducer } from './producer.js'
import { errorResponse, noStreamResponse, streamHeaders, unknownStreamResponse } from './responses.js'
import type { ResumableStore } from './store.js'

export interface StartOptions {
  chatId: string
  /** The generation. It keeps running when the client disconnects; stop when the signal aborts. */
  events: EventProducer
}

export interface ResumableStreams {
  /**
   * `POST`: cancels the chat's running stream, starts a new one and answers by following it. A
   * request carrying `Last-Event-ID` is a resume: it is answered as `follow` and generates nothing.
   */
  start(request: Request, options: StartOptions): Promise<Response>
  /**
   * `GET`: follows the chat's stream. Without `Last-Event-ID`, the running stream from its first
   * event (204 when none runs); with `Last-Event-ID: <epoch>-<seq>`, the events after `seq` then live
   * ones (204 when all was delivered or the stream expired, 410 when the epoch is unknown).
   */
  follow(request: Request, chatId: string): Promise<Response>
  /** `DELETE`: stops the chat's running stream, on whichever instance produces it. */
  cancel(chatId: string): Promise<void>
  /** A fetch-style router: `POST {basePath}`, `GET`/`DELETE {basePath}/{chatId}/stream` (needs the `events` option). */
  handler(request: Request): Promise<Response>
  readonly store: ResumableStore
  /** Closes the store if this helper created it (the default memory store). */
  close(): Promise<void>
}

/**
 * Makes agent answers resumable (docs/resumable-streams.md): each generation runs detached from
 * the request into a store, every event gets the id `<epoch>-<seq>`, and any request (a reload, a
 * second tab, another instance sharing the store) can replay and follow it.
 */
export function createResumableStreams(options: ResumableStreamsOptions = {}): ResumableStreams {
  const settings = {
    ttlMs: options.ttlMs ?? DEFAULT_RESUMABLE_STREAMS_OPTIONS.ttlMs,
    heartbeatMs: options.heartbeatMs ?? DEFAULT_RESUMABLE_STREAMS_OPTIONS.heartbeatMs,
    generateEpoch: options.generateEpoch ?? randomEpoch,
    errorMessage: options.errorMessage ?? DEFAULT_RESUMABLE_STREAMS_OPTIONS.errorMessage,
    onError: options.onError ?? DEFAULT_RESUMABLE_STREAMS_OPTIONS.onError,
  }
  const ownsStore = options.store === undefined
  const store =
    options.store ??
    createMemoryStore({ maxEvents: options.maxEvents ?? DEFAULT_RESUMABLE_STREAMS_OPTIONS.maxEvents })

  function reportError(error: unknown) {
    try {
      settings.onError(error)
    } catch {
      // A throwing onError must not take the stream down with it.
    }
  }

  async function serve(request: Request, chatId: string, epoch: string, afterSeq: number): Promise<Response> {
    const reader = store.reader(epoch)
    try {
      const firstRead = await reader.read(afterSeq, { waitMs: 0 })
      const first = firstRead.events[0]
      const unusable =
        firstRead.state === 'unknown' ||
        (firstRead.chatId !== undefined && firstRead.chatId !== chatId) ||
        // The events the client misses were trimmed (maxEvents): it cannot continue without a gap.
        (first !== undefined && first.seq > afterSeq + 1) ||
        (first === undefined && firstRead.state === 'finished' && afterSeq < firstRead.lastSeq)
      const delivered =
        firstRead.state === 'expired' || (firstRead.state === 'finished' && afterSeq >= firstRead.lastSeq)
      if (unusable || delivered) {
        await reader.close()
        return unusable ? unknownStreamResponse(epoch) : noStreamResponse()
      }
      const body = followStream({
        reader,
        epoch,
        afterSeq,
        firstRead,
        heartbeatMs: settings.heartbeatMs,
        signal: request.signal,
        onError: reportError,
      })
      return new Response(body, { status: 200, headers: streamHeaders(epoch) })
    } catch (error) {
      await reader.close().catch(() => {})
      throw error
    }
  }

  async function follow(request: Request, chatId: string): Promise<Response> {
    const lastEventId = request.headers.get('last-event-id')
    if (lastEventId !== null && lastEventId.trim() !== '') {
      const position = parseEventId(lastEventId)
      if (position === undefined) {
        return errorResponse(
          400,
          'bad_event_id',
          `Last-Event-ID must look like <epoch>-<seq>, got '${lastEventId}'`,
        )
      }
      return serve(request, chatId, position.epoch, position.seq)
    }
    const active = await store.activeStream(chatId)
    if (active === undefined || active.state !== 'running') return noStreamResponse()
    return serve(request, chatId, active.epoch, 0)
  }

  async function cancel(chatId: string): Promise<void> {
    const active = await store.activeStream(chatId)
    if (active?.state === 'running') await store.cancel(active.epoch)
  }

  async function start(request: Request, { chatId, events }: StartOptions): Promise<Response> {
    if (request.headers.has('last-event-id')) return follow(request, chatId)
    if (typeof chatId !== 'string' || chatId === '') {
      return errorResponse(400, 'bad_chat_id', 'a stream needs a non-empty chat id')
    }
    await cancel(chatId)
    const epoch = settings.generateEpoch()
    if (!isValidEpoch(epoch)) {
      throw new StreamError('protocol', `generateEpoch returned '${epoch}': an epoch is [A-Za-z0-9_]+`)
    }
    await store.open(chatId, epoch, { ttlMs: settings.ttlMs })
    const run = runProducer({
      store,
      epoch,
      events,
      errorMessage: settings.errorMessage,
      onError: reportError,
    })
    options.waitUntil?.(run)
    return serve(request, chatId, epoch, 0)
  }

  return {
    start,
    follow,
    cancel,
    handler: (request) =>
      routeChatRequest(request, {
        basePath: options.basePath ?? DEFAULT_RESUMABLE_STREAMS_OPTIONS.basePath,
        events: options.events,
        start,
        follow,
        cancel,
        onError: reportError,
      }),
    store,
    async close() {
      if (ownsStore) await store.close()
    },
  }
}
