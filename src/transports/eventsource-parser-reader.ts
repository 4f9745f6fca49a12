import { createParser } from 'eventsource-parser'
import type { SseReader } from './sse-reader.js'

const NO_ID = Symbol('no id')

/**
 * A comment line fed before the stream. eventsource-parser strips a leading U+FEFF, and also the
 * three characters `ï»¿`, from its first input; the spec strips exactly one BOM, in the UTF-8
 * decode. A comment dispatches nothing and turns the parser's own check off, so the decoder's
 * single strip is the only one (WPT format-bom-2: a second BOM makes the first line unknown).
 */
const PRIMER = ':\n'

/**
 * The one SSE reader, in every runtime (browser, Node, workers): the WHATWG event-stream rules on
 * eventsource-parser 4.1. Reports frames, cursor commits (at dispatch, also for id-only blocks)
 * and valid `retry:` values; persisting the cursor is the transport's job.
 */
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
  parser.feed(PRIMER)
  // The default decoder strips one leading BOM (also split across reads) and turns invalid bytes into U+FFFD.
  const decoder = new TextDecoder('utf-8')
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
    // An unfinished last event stays in the parser: discarded, and its id never committed (spec).
    const tail = decoder.decode()
    if (tail !== '') parser.feed(tail)
    flushId()
  } finally {
    reader.cancel().catch(() => {})
  }
}
