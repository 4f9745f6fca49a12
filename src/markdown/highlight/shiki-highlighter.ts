import type {
  BundledLanguage,
  BundledTheme,
  GrammarState,
  Highlighter,
  ThemedTokenWithVariants,
  ThemeRegistrationAny,
  TokenStyles,
} from 'shiki'
import type { CodeHighlighter, HighlightResult, HighlightToken } from './highlight.js'

/** A bundled theme name (`'github-light'`) or a theme object. */
export type ShikiTheme = BundledTheme | ThemeRegistrationAny

export interface ShikiHighlighterOptions {
  /**
   * A light and a dark theme. Each token gets a CSS `light-dark()` colour, so it follows the
   * `color-scheme` of the page (the kit's `styles.css` sets it per `data-theme`).
   * @default { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' }
   */
  readonly themes?: { readonly light: ShikiTheme; readonly dark: ShikiTheme } | undefined
  /** One theme for both colour schemes; replaces `themes` when set. @default undefined */
  readonly theme?: ShikiTheme | undefined
  /**
   * Regular expression engine. `'javascript'` needs no WebAssembly and is smaller;
   * `'oniguruma'` matches VS Code exactly but loads a ~600 kB WebAssembly module.
   * @default 'javascript'
   */
  readonly engine?: 'javascript' | 'oniguruma' | undefined
}

/** Defaults of `createShikiHighlighter`. These two themes keep WCAG AA contrast on the kit's code background. */
export const SHIKI_HIGHLIGHTER_DEFAULTS = Object.freeze({
  themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
  engine: 'javascript',
} as const satisfies Required<Omit<ShikiHighlighterOptions, 'theme'>>)

/** The opaque continuation state handed back to StreamingMarkdown. */
interface ShikiState {
  readonly language: string
}

// Fence info strings come from the model: ids and aliases only (`c++`, `objective-c`, `f#`), so a
// name like `__proto__` or a 1 MB string never reaches shiki's plain-object registries.
const languagePattern = /^[a-z0-9][a-z0-9+#._-]{0,63}$/
const plainLanguages = new Set(['text', 'txt', 'plain', 'plaintext', 'ansi'])

const italic = 1
const bold = 2
const underline = 4

function fontStyleOf(styles: TokenStyles | undefined): HighlightToken['fontStyle'] {
  const style = styles?.fontStyle ?? 0
  if (style <= 0) return undefined
  if (style & italic) return 'italic'
  if (style & bold) return 'bold'
  if (style & underline) return 'underline'
  return undefined
}

/**
 * A token's own colour, or undefined when it is the theme's default text colour (the token then
 * inherits the page's, which has contrast by design) or was meant to sit on a background colour
 * that a `HighlightToken` cannot carry (diff markers).
 */
function colorOf(styles: TokenStyles | undefined, foreground: string | undefined): string | undefined {
  const color = styles?.color
  if (!color || styles?.bgColor || color.toLowerCase() === foreground?.toLowerCase()) return undefined
  return color
}

/** Maps a token with `light`/`dark` variants; colours only when a token differs from the text colour. */
function toToken(token: ThemedTokenWithVariants, foregrounds: Record<string, string>): HighlightToken {
  const fontStyle = fontStyleOf(token.variants.light)
  const light = colorOf(token.variants.light, foregrounds.light)
  const dark = colorOf(token.variants.dark, foregrounds.dark)
  let color: string | undefined
  if (!('dark' in foregrounds)) color = light
  else if (light || dark) {
    color = `light-dark(${light ?? foregrounds.light}, ${dark ?? foregrounds.dark})`
  }
  return {
    content: token.content,
    ...(color ? { color } : {}),
    ...(fontStyle ? { fontStyle } : {}),
  }
}

/**
 * A `CodeHighlighter` backed by Shiki. Nothing of shiki is fetched until the first code block;
 * each language's grammar loads the first time a block uses it, and an unknown language leaves
 * the block plain. Highlighting continues from the grammar state of the previous call, so a
 * streaming block only tokenises the lines that completed since.
 *
 * Create it once (module scope or `useMemo`): a new highlighter on every render starts over.
 *
 * ```tsx
 * const highlighter = createShikiHighlighter()
 * <StreamingMarkdown content={text} highlighter={highlighter} />
 * ```
 */
export function createShikiHighlighter(options: ShikiHighlighterOptions = {}): CodeHighlighter {
  const themes = options.theme
    ? { light: options.theme }
    : (options.themes ?? SHIKI_HIGHLIGHTER_DEFAULTS.themes)
  const engine = options.engine ?? SHIKI_HIGHLIGHTER_DEFAULTS.engine
  const grammarStates = new WeakMap<ShikiState, GrammarState>()
  const languages = new Map<string, Promise<boolean>>()
  let loading: Promise<Highlighter> | undefined

  function load(): Promise<Highlighter> {
    if (loading) return loading
    loading = (async () => {
      const shiki = await import('shiki')
      return shiki.createHighlighter({
        themes: Object.values(themes),
        langs: [],
        engine:
          engine === 'oniguruma'
            ? shiki.createOnigurumaEngine(import('shiki/wasm'))
            : shiki.createJavaScriptRegexEngine(),
      })
    })()
    // A failed load (offline, a chunk that 404s) is retried by the next code block.
    loading.catch(() => {
      loading = undefined
    })
    return loading
  }

  function ensureLanguage(highlighter: Highlighter, language: string): Promise<boolean> {
    if (highlighter.getLoadedLanguages().includes(language)) return Promise.resolve(true)
    let loaded = languages.get(language)
    if (!loaded) {
      loaded = Object.hasOwn(highlighter.getBundledLanguages(), language)
        ? highlighter.loadLanguage(language as BundledLanguage).then(
            () => true,
            () => {
              languages.delete(language)
              return false
            },
          )
        : Promise.resolve(false)
      languages.set(language, loaded)
    }
    return loaded
  }

  return {
    async tokenize(code, rawLanguage, state): Promise<HighlightResult | undefined> {
      const language = rawLanguage.trim().toLowerCase()
      if (!languagePattern.test(language) || plainLanguages.has(language)) return undefined
      let previous: GrammarState | undefined
      if (state !== undefined) {
        previous = grammarStates.get(state as ShikiState)
        // Not a state this highlighter returned for this language: it cannot continue from it.
        if (!previous || (state as ShikiState).language !== language) return undefined
      }
      try {
        const highlighter = await load()
        if (!(await ensureLanguage(highlighter, language))) return undefined
        // The input is whole lines; a final newline ends the last line rather than opening one.
        const body = code.endsWith('\n') ? code.slice(0, -1) : code
        const tokens = highlighter.codeToTokensWithThemes(body, {
          lang: language as BundledLanguage,
          themes,
          ...(previous ? { grammarState: previous } : {}),
        })
        const grammarState = highlighter.getLastGrammarState(tokens)
        const foregrounds = Object.fromEntries(
          Object.entries(themes).map(([name, theme]) => [name, highlighter.getTheme(theme).fg]),
        )
        const next: ShikiState = Object.freeze({ language })
        if (grammarState) grammarStates.set(next, grammarState)
        const lines =
          code.length === 0 ? [] : tokens.map((line) => line.map((token) => toToken(token, foregrounds)))
        return { lines, state: next }
      } catch {
        return undefined
      }
    },
  }
}
