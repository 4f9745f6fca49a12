import { encodeSseEvent } from '../core/index.js'
import { formatEventId } from './event-id.js'
import type { ReadResult, StreamReader } from './store.js'

export interface FollowInput {
  reader: StreamReader
  epoch: string
  /** Events up to this seq were delivered already. */
  afterSeq: number
  /** A read the caller already made (to choose the status code); served first. */
  firstRead: ReadResult
  heartbeatMs: number
  /** The request's signal: the client went away. */
  signal: AbortSignal | undefined
  onError: (error: unknown) => void
}

const encoder = new TextEncoder()

/**
 * The body of a stream response: replays the stored events after `afterSeq`, then follows live ones,
 * with a `: ping` after `heartbeatMs` of silence. Pull-based, so a slow client does not make the
 * server buffer. It ends after the stream's last event; if the stream vanishes from the store
 * mid-way it ends without one, so the client resumes and learns (410) that it cannot continue.
 */
export function followStream(input: FollowInput): ReadableStream<Uint8Array> {
  const { reader, epoch, heartbeatMs, onError } = input
  const stop = new AbortController()
  const onAbort = () => stop.abort()
  input.signal?.addEventListener('abort', onAbort, { once: true })
  let cursor = input.afterSeq
  let pending: ReadResult | undefined = input.firstRead
  let ended = false

  function end(controller?: ReadableStreamDefaultController<Uint8Array>) {
    if (ended) return
    ended = true
    input.signal?.removeEventListener('abort', onAbort)
    stop.abort()
    void reader.close().catch(onError)
    controller?.close()
  }

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (ended) return
        try {
          while (true) {
            // The caller's first read did not wait: an empty one is no reason for a ping.
            const waited = pending === undefined
            const result =
              pending ?? (await reader.read(cursor, { waitMs: heartbeatMs, signal: stop.signal }))
            pending = undefined
            if (ended) return
            if (stop.signal.aborted) return end(controller)
            const fresh = result.events.filter((event) => event.seq > cursor)
            if (fresh.length > 0) {
              controller.enqueue(
                encoder.encode(
                  fresh
                    .map((event) => encodeSseEvent(event.data, { id: formatEventId(epoch, event.seq) }))
                    .join(''),
                ),
              )
              cursor = fresh.at(-1)?.seq ?? cursor
              if (result.state === 'finished' && cursor >= result.lastSeq) end(controller)
              return
            }
            if (result.state !== 'running') return end(controller)
            if (waited) return controller.enqueue(encoder.encode(': ping\n\n'))
          }
        } catch (error) {
          onError(error)
          end(controller)
        }
      },
      cancel() {
        end()
      },
    },
    // One chunk at a time: the store is the buffer, not this stream.
    { highWaterMark: 0 },
  )
}
