/**
 * Parses JSON that arrives in fragments (streamed tool-call arguments). Contract: `push` costs time
 * in proportion to the fragment, not to the text so far; `value()` is the best-effort partial value
 * (open strings, arrays and objects closed as they stand); `complete` once a whole value has arrived.
 *
 * TODO(protocols issue): replace this placeholder, which re-parses the whole text, with the
 * incremental parser.
 */
export interface IncrementalJson {
  push(fragment: string): void
  /** The best-effort value so far; undefined before anything parseable arrived. */
  value(): unknown
  /** True once the text is one complete JSON value. */
  readonly complete: boolean
  /** All text pushed so far. */
  readonly text: string
}

export function createIncrementalJson(): IncrementalJson {
  let text = ''
  let parsed: unknown
  let complete = false
  return {
    push(fragment) {
      text += fragment
      try {
        parsed = JSON.parse(text)
        complete = true
      } catch {
        complete = false
      }
    },
    value: () => parsed,
    get complete() {
      return complete
    },
    get text() {
      return text
    },
  }
}
