import { createParser } from 'eventsource-parser'
import { createEventStreamLines } from './event-stream-lines.js'
import type { SseReader } from './sse-reader.js'

/**
 * A comment line fed before the stream. eventsource-parser strips the three characters `ï»¿`
 * from its first input; the spec strips exactly one BOM, in the UTF-8 decode. A comment
 * dispatches nothing and makes the primer the parser's first input, so the decoder's single strip
 * is the only one (WPT format-bom-2: a second BOM makes the first line unknown).
 */
const PRIMER = ':\n'

/**
 * The one SSE reader, in every runtime (browser, Node, workers): the WHATWG event-stream rules on
 * eventsource-parser 3, behind `createEventStreamLines` (line ends and id-only blocks as the spec
 * has them). Reports frames, cursor commits (at dispatch, also for id-only blocks) and valid
 * `retry:` values; persisting the cursor is the transport's job.
 */
export const eventsourceParserReader: SseReader = async (stream, handlers, signal) => {
  const lines = createEventStreamLines()
  const parser = createParser({
    onEvent(event) {
      if (!lines.takeIdOnly()) {
        handlers.onFrame({
          data: event.data,
          ...(event.event === undefined || event.event === '' ? {} : { event: event.event }),
          ...(event.id === undefined || event.id === '' ? {} : { id: event.id }),
        })
      }
      // The cursor commits at dispatch, after the frame it belongs to; an empty id clears it.
      if (event.id !== undefined) handlers.onCursor(event.id === '' ? undefined : event.id)
    },
    onRetry(ms) {
      if (Number.isInteger(ms) && ms >= 0) handlers.onRetry(ms)
    },
  })
  parser.feed(PRIMER)
  const feed = (text: string) => {
    if (text === '') return
    const normalized = lines.push(text)
    if (normalized !== '') parser.feed(normalized)
  }
  // The default decoder strips one leading BOM (also split across reads) and turns invalid bytes into U+FFFD.
  const decoder = new TextDecoder('utf-8')
  const reader = stream.body.getReader()
  try {
    while (true) {
      if (signal.aborted) throw signal.reason
      const { done, value } = await reader.read()
      if (done) break
      feed(decoder.decode(value, { stream: true }))
    }
    // An unfinished last event stays in the parser: discarded, and its id never committed (spec).
    feed(decoder.decode())
  } finally {
    reader.cancel().catch(() => {})
  }
}
