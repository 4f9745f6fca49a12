/** One coloured run of a highlighted line. */
export interface HighlightToken {
  readonly content: string
  readonly color?: string | undefined
  readonly fontStyle?: 'italic' | 'bold' | 'underline' | undefined
}

export interface HighlightResult {
  /** One entry per line of the input (a trailing newline does not open a new line). */
  readonly lines: readonly (readonly HighlightToken[])[]
  /** Tokeniser state after the last line: pass it back to continue with the next lines. */
  readonly state: unknown
}

/**
 * A syntax highlighter StreamingMarkdown can drive incrementally: it is handed only the lines
 * that completed since the last call, with the state the previous call returned.
 */
export interface CodeHighlighter {
  tokenize(code: string, language: string, state: unknown): Promise<HighlightResult | undefined>
}

/**
 * Wraps an async loader so the highlighter (and its grammars) is fetched on first use only:
 * `createLazyHighlighter(() => import('../../components/markdown/my-shiki.js').then((m) => m.highlighter))`.
 */
export function createLazyHighlighter(load: () => Promise<CodeHighlighter>): CodeHighlighter {
  let loading: Promise<CodeHighlighter> | undefined
  return {
    async tokenize(code, language, state) {
      loading ??= load()
      const highlighter = await loading
      return highlighter.tokenize(code, language, state)
    },
  }
}
