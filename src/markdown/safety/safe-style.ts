/**
 * Inline CSS that plugin output (KaTeX, MathJax) needs for layout: box sizes, offsets, margins,
 * borders, colours, fonts. Nothing here can load a resource or lift an element out of the flow.
 */
const allowedProperty =
  /^(?:(?:margin|padding)(?:-(?:top|right|bottom|left))?|top|right|bottom|left|(?:min-|max-)?(?:width|height)|border(?:-(?:top|right|bottom|left))?-(?:color|style|width)|(?:background-)?color|vertical-align|position|font-(?:size|style|weight)|text-(?:align|shadow))$/
/** Colour functions are the only calls allowed: `url()`, `image-set()`, `expression()`, `var()` are not. */
const colorFunction = /\b(?:rgba?|hsla?)\([\d\s.,%/+-]*\)/gi
/** Keywords, numbers with units, hex colours. No quotes, escapes, slashes, `!` or parentheses. */
const plainValue = /^[a-z0-9\s.,#%+-]{1,200}$/i

/**
 * Keeps the declarations of an inline `style` that are on the allow-list and have a plain value;
 * `position` may only be `relative` or `static` (no fixed overlays). Returns undefined when
 * nothing is left.
 */
export function sanitizeStyle(style: string): string | undefined {
  const kept: string[] = []
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':')
    const property = declaration.slice(0, colon).trim().toLowerCase()
    const value = declaration.slice(colon + 1).trim()
    if (
      colon === -1 ||
      !allowedProperty.test(property) ||
      !plainValue.test(value.replace(colorFunction, '0'))
    )
      continue
    if (property === 'position' && !/^(?:relative|static)$/i.test(value)) continue
    kept.push(`${property}:${value}`)
  }
  return kept.length > 0 ? kept.join(';') : undefined
}
