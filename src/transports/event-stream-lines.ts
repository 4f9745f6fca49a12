/** Longest field prefix the block tracker needs to see: `data:`. */
const HEAD_LENGTH = 5

/**
 * Prepares decoded event-stream text for eventsource-parser 3, in front of which it sits, for the
 * two places where that parser and the spec part ways:
 *
 * - A CR at the end of a chunk is held until the next chunk shows whether an LF follows, so an
 *   event ended by CRs waits for more bytes, and the last event of a stream ended by CRs is never
 *   dispatched. Here every CR and CRLF becomes one LF at once (a CR ending a chunk ends its line
 *   now, and an LF opening the next chunk is then dropped), so the parser only ever sees LFs.
 *   Field values never contain a line end, so nothing else changes.
 * - A block with an `id` field but no `data` field moves the last event id (spec), but the parser
 *   dispatches nothing for it. Here such a block gets an empty `data` line before its blank line,
 *   so the parser reports it as an event, and `takeIdOnly()` tells the reader it was one.
 */
export interface EventStreamLines {
  /** The text to feed the parser for the next decoded chunk `text` (never empty). */
  push(text: string): string
  /**
   * Called once per event the parser dispatches, in order: true when it is an id-only block (its
   * id is a cursor, not a message). Every event of a pushed chunk is dispatched while it is fed.
   */
  takeIdOnly(): boolean
}

/** Whether the line of `length` characters at `start` of `text` names `field` (`field:...` or the bare word). */
function names(text: string, start: number, length: number, field: string): boolean {
  return (
    text.startsWith(field, start) && (length === field.length || text.charCodeAt(start + field.length) === 58)
  )
}

export function createEventStreamLines(): EventStreamLines {
  let skipLineFeed = false
  // A line that spans chunks: its first HEAD_LENGTH characters so far, and its length.
  let lineHead = ''
  let lineLength = 0
  let blockHasData = false
  let blockHasId = false
  // One entry per block the parser will dispatch from the last pushed text.
  let dispatches: boolean[] = []
  let nextDispatch = 0

  function normalize(text: string): string {
    let normalized = text
    if (skipLineFeed && normalized.charCodeAt(0) === 10) normalized = normalized.slice(1)
    skipLineFeed = false
    if (normalized.includes('\r')) {
      skipLineFeed = normalized.endsWith('\r')
      normalized = normalized.replace(/\r\n?/g, '\n')
    }
    return normalized
  }

  return {
    push(text) {
      const normalized = normalize(text)
      dispatches = []
      nextDispatch = 0
      let output = ''
      let copied = 0
      let start = 0
      while (true) {
        const end = normalized.indexOf('\n', start)
        if (end === -1) {
          // The rest is the start (or more) of a line that ends in a later chunk.
          if (lineHead.length < HEAD_LENGTH)
            lineHead += normalized.slice(start, start + HEAD_LENGTH - lineHead.length)
          lineLength += normalized.length - start
          break
        }
        // The line is read from the text itself unless it began in an earlier chunk.
        let line = normalized
        let lineStart = start
        let length = end - start
        if (lineLength > 0) {
          line = lineHead + normalized.slice(start, Math.min(end, start + HEAD_LENGTH))
          lineStart = 0
          length += lineLength
          lineHead = ''
          lineLength = 0
        }
        if (length === 0) {
          if (blockHasData) dispatches.push(false)
          else if (blockHasId) {
            dispatches.push(true)
            output += `${normalized.slice(copied, end)}data\n`
            copied = end
          }
          blockHasData = false
          blockHasId = false
        } else if (names(line, lineStart, length, 'data')) blockHasData = true
        else if (names(line, lineStart, length, 'id')) blockHasId = true
        start = end + 1
      }
      return output === '' ? normalized : output + normalized.slice(copied)
    },
    takeIdOnly() {
      return dispatches[nextDispatch++] ?? false
    },
  }
}
