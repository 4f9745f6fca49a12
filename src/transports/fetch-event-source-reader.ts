import { type EventSourceMessage, fetchEventSource } from '@microsoft/fetch-event-source'
import { StreamError } from '../core/index.js'
import type { SseReader } from './sse-reader.js'

/** True where fetch-event-source can run: it calls `window` and `document` on every exit path (#20, #39). */
export function hasDom(): boolean {
  return typeof globalThis.window !== 'undefined' && typeof globalThis.document !== 'undefined'
}

/**
 * The browser reader: fetch-event-source as a single-attempt parser over a body we already opened
 * and validated. Its retry, visibility and Last-Event-ID logic are all bypassed: `openWhenHidden`
 * (#36 #51 #95), `onerror` rethrows (#57 #79), and the "fetch" it calls returns our response.
 */
export const fetchEventSourceReader: SseReader = (stream, handlers, signal) => {
  if (!hasDom()) {
    return Promise.reject(
      new StreamError(
        'environment',
        'fetch-event-source needs window and document; use the eventsource-parser reader',
      ),
    )
  }
  if (signal.aborted) return Promise.reject(signal.reason)
  const response = {
    ok: true,
    status: stream.status,
    headers: new Headers(stream.headers),
    body: stream.body,
  }
  // fes dispatches at every blank line, and the guard reports every blank line: one entry each, in order.
  const eventEnds: [number, boolean][] = []
  stream.onEventEnd = (leading, nonEmpty) => {
    eventEnds.push([leading, nonEmpty])
  }
  const onMessage = (message: EventSourceMessage) => {
    const [leadingEmptyData, hasNonEmptyData] = eventEnds.shift() ?? [0, true]
    // It can deliver one more message after abort (toolchain gotcha 6).
    if (signal.aborted) return
    // fes drops empty `data:` lines before the first non-empty one (#50, #65, #89); the spec keeps
    // each as a line feed. Plain-text servers send them for every chunk that starts with a newline.
    if (leadingEmptyData > 0) {
      message.data = hasNonEmptyData
        ? '\n'.repeat(leadingEmptyData) + message.data
        : '\n'.repeat(leadingEmptyData - 1)
    }
    const id = message.id !== '' && !message.id.includes('\0') ? message.id : undefined
    if (message.retry !== undefined && Number.isInteger(message.retry) && message.retry >= 0) {
      handlers.onRetry(message.retry)
    }
    // Every blank line dispatches in fes (#15): only events with data are frames.
    if (message.data !== '') {
      handlers.onFrame({
        data: message.data,
        ...(message.event === '' ? {} : { event: message.event }),
        ...(id === undefined ? {} : { id }),
      })
    }
    // Our own cursor, committed at dispatch; fes writes its header at the `id:` line instead.
    if (id !== undefined) handlers.onCursor(id)
  }
  return new Promise<void>((resolve, reject) => {
    fetchEventSource('', {
      signal,
      openWhenHidden: true,
      fetch: async () => response as unknown as Response,
      onopen: async () => {},
      onmessage: onMessage,
      onclose: () => {},
      onerror: (error: unknown) => {
        throw error
      },
    }).then(
      () => (signal.aborted ? reject(signal.reason) : resolve()),
      (error: unknown) => reject(signal.aborted ? signal.reason : error),
    )
  })
}
