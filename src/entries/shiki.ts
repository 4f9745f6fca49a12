// "react-agent-stream/shiki": a ready-made CodeHighlighter on Shiki, an optional peer dependency
// that is imported only when the first code block needs it.
export type { CodeHighlighter, HighlightResult, HighlightToken } from '../markdown/highlight/highlight.js'
export {
  createShikiHighlighter,
  SHIKI_HIGHLIGHTER_DEFAULTS,
  type ShikiHighlighterOptions,
  type ShikiTheme,
} from '../markdown/highlight/shiki-highlighter.js'
