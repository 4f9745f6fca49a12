import { createParser } from 'eventsource-parser'
import type { SseReader } from './sse-reader.js'

const NO_ID = Symbol('no id')

/** The DOM-free reader on eventsource-parser 4.1 (Node, workers, tests). */
export const eventsourceParserReader: SseReader = async (stream, handlers, signal) => {
  let pendingId: string | typeof NO_ID = NO_ID
  const flushId = () => {
    if (pendingId === NO_ID) return
    const id = pendingId
    pendingId = NO_ID
    handlers.onCursor(id === '' ? undefined : id)
  }
  const parser = createParser({
    // Called at dispatch (also for id-only blocks); held so the frame goes out before its cursor.
    onId(id) {
      flushId()
      pendingId = id
    },
    onEvent(event) {
      // The event's own `id:` only: an id-only block before it moves the cursor, not this frame's id.
      const id = event.id === undefined || event.id === '' ? undefined : event.id
      handlers.onFrame({
        data: event.data,
        ...(event.event === undefined || event.event === '' ? {} : { event: event.event }),
        ...(id === undefined ? {} : { id }),
      })
      flushId()
    },
    onRetry(ms) {
      if (Number.isInteger(ms) && ms >= 0) handlers.onRetry(ms)
    },
  })
  // ignoreBOM keeps U+FEFF in the text so the parser strips exactly one (WPT format-bom-2).
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  const reader = stream.body.getReader()
  try {
    while (true) {
      if (signal.aborted) throw signal.reason
      const { done, value } = await reader.read()
      if (done) break
      const text = decoder.decode(value, { stream: true })
      if (text !== '') parser.feed(text)
      flushId()
    }
    const tail = decoder.decode()
    if (tail !== '') parser.feed(tail)
    flushId()
  } finally {
    reader.cancel().catch(() => {})
  }
}
