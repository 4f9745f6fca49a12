// GFM autolink literals (`www.`, `http(s)://`, e-mail, `mailto:`, `xmpp:`) and CommonMark `<...>`
// autolinks at the open end of a streaming text. The rule: nothing links to a truncated URL, and
// nothing is held back for it either. A literal still streaming shows as plain text that reads the
// same and becomes a link once whitespace (or the end of the stream) completes it. The model of
// where a literal starts and ends follows micromark-extension-gfm-autolink-literal 2.x and the
// transform of mdast-util-gfm-autolink-literal 2.x, which remark-gfm 4 runs.
// Over 300 lines on purpose: one model of GFM's literal boundaries (start, domain, trail), which the
// repair and the inline pass must read identically.

const whitespace = /\s/

/** `<scheme:...` or `<user@...` with no `>` yet: a CommonMark autolink still streaming (never a tag). */
const partialAutolink = /<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9.-]*)$/y

/** True when the text from `index` (a `<`) to the end is an autolink whose `>` has not arrived. */
export function isPartialAutolink(text: string, index: number): boolean {
  partialAutolink.lastIndex = index
  return partialAutolink.test(text)
}

/**
 * U+2060 WORD JOINER: no glyph and no line-break opportunity. Put before a `.`, it stops GFM from
 * seeing an autolink literal. Nothing in the markdown source can do that invisibly: remark-gfm finds
 * `www.`, e-mail and dotted `http(s)://` literals a second time after escapes and character
 * references are decoded (the `transformGfmAutolinkLiterals` pass of mdast-util-gfm-autolink-literal
 * 2.x), so `www\.exa` is linked all the same.
 */
export const AUTOLINK_BREAK = '\u2060'

const asciiPunctuation = /[!-/:-@[-`{-~]/
/** Whitespace that ends a literal for the remark-gfm transform. */
export const literalSpace = /[ \t\n\r]/
/** `www.` or `http(s)://` in decoded text (micromark links `https://exa` even without a dot). */
const urlLiteral = /(?<![a-z])https?:\/\/|(?<![0-9a-z])www\u2060?\./i
/** What GFM links from: `http(s)://`, `www` before a dot, `@` of an e-mail. */
const literalTrigger = /(?<![a-z])https?:\/\/|(?<![0-9a-z])www(?=\u2060?\.)|@/gi
const emailLocal = /[\w+.-]/
// The word joiner counts as part of a domain, so a literal this repair broke is still found.
const emailDomain = /[\w.\u2060-]/
/**
 * `www.` / `http(s)://` as micromark needs them. A literal this repair broke no longer matches; its
 * markdown syntax is escaped, so scanning it gives what skipping it did.
 */
const urlLiteralPrefix = /(?:https?:\/\/|www\.)/iy
/** Characters micromark may drop from the end of a literal URL (`tokenizeTrail`). */
const trailPunctuation = new Set(['!', '"', "'", ')', '*', ',', '.', ':', ';', '?', '_', '~'])
/** Syntax that still counts in a URL inside link text, where GFM makes no literal link. */
const labelSyntax = new Set(['[', ']', '`', '\\', '!', '&', '$', '|'])
/** Characters that are markdown syntax inside a URL body but literal text in the final link. */
const urlBodySyntax = new Set(['*', '_', '~', '[', ']', '`', '&'])

/**
 * True when micromark tokenizes a `www.` or `http(s)://` literal at `index`: everything in it up to
 * its trailing punctuation is link text, not markdown (`*`, `_`, backticks and brackets included).
 * Literals that only the mdast transform finds (after `"`, say) leave emphasis to the parser.
 */
export function isUrlLiteralAt(text: string, index: number): boolean {
  const previous = text[index - 1]
  const www = text[index] === 'w' || text[index] === 'W'
  if (www ? !(previous === undefined || /[\s(*_[\]~]/.test(previous)) : /[A-Za-z]/.test(previous ?? '')) {
    return false
  }
  urlLiteralPrefix.lastIndex = index
  if (!urlLiteralPrefix.test(text)) return false
  // `https://` needs a domain character next; `www.` takes anything (`www.[a` and `www.*a` are links).
  const next = text[urlLiteralPrefix.lastIndex]
  if (next === undefined || isWhitespace(next) || (!www && asciiPunctuation.test(next))) return false
  return validDomain(text, www ? index : urlLiteralPrefix.lastIndex)
}

/**
 * micromark's `tokenizeDomain`: the domain ends at whitespace or punctuation other than `-`, `.` and
 * `_` (or at a trail of those before an end); no `_` may be in its last two segments.
 */
function validDomain(text: string, start: number): boolean {
  let underscoreInLast = false
  let underscoreInLastButOne = false
  let index = start
  while (index < text.length) {
    const char = text[index] ?? ''
    if (char === '.' || char === '_') {
      const stop = trailStop(text, index)
      if (stop === -1) break
      // A trail that does not end the literal: its dots and underscores are domain, anything else ends it.
      let inner = index
      for (; inner < stop; inner += 1) {
        if (text[inner] === '_') underscoreInLast = true
        else if (text[inner] === '.') {
          underscoreInLastButOne = underscoreInLast
          underscoreInLast = false
        } else break
      }
      if (inner < stop) break
      index = stop
      continue
    }
    if (isWhitespace(char) || (char !== '-' && asciiPunctuation.test(char))) break
    index += 1
  }
  return !underscoreInLast && !underscoreInLastButOne
}

/**
 * End of a literal URL's link text starting at `start` (micromark's `tokenizePath` and
 * `tokenizeTrail`): the run stops at whitespace or `<`, and trailing punctuation before an end (or the
 * end of the text, while streaming) is left out, balanced `)` excepted. Linear: a trail that turns
 * out not to end the URL is skipped as a whole.
 */
export function urlLiteralEnd(text: string, start: number, inLabel = false): number {
  let opened = 0
  let closed = 0
  let index = start
  while (index < text.length) {
    const char = text[index] ?? ''
    if (char === '<' || isWhitespace(char) || (inLabel && labelSyntax.has(char))) return index
    if (char === '(') opened += 1
    else if (char === ')' && closed < opened) closed += 1
    else if (trailPunctuation.has(char) || char === '&' || char === ']') {
      const stop = trailStop(text, index)
      if (stop === -1) return index
      for (let inner = index; inner < stop; inner += 1) {
        if (inLabel && labelSyntax.has(text[inner] ?? '')) return index
        if (text[inner] === ')') closed += 1
      }
      index = Math.max(stop, index + 1)
      continue
    }
    index += 1
  }
  return index
}

/** Unicode whitespace (micromark's `unicodeWhitespace`), without a regex for the common ASCII case. */
function isWhitespace(char: string): boolean {
  const code = char.charCodeAt(0)
  if (code < 128) return code === 32 || (code >= 9 && code <= 13)
  return whitespace.test(char)
}

/** Where a run of trailing punctuation stops when it does not end the URL; -1 when it does. */
function trailStop(text: string, start: number): number {
  let index = start
  while (index < text.length) {
    const char = text[index] ?? ''
    if (trailPunctuation.has(char)) index += 1
    else if (char === '&') {
      let name = index + 1
      while (/[A-Za-z]/.test(text[name] ?? '')) name += 1
      if (name === index + 1 || text[name] !== ';') return index
      index = name + 1
    } else if (char === ']') {
      index += 1
      const next = text[index]
      if (next === undefined || next === '(' || next === '[' || isWhitespace(next)) return -1
    } else return char === '<' || isWhitespace(char) ? -1 : index
  }
  return -1
}

/**
 * Where the first text GFM could link starts in `decoded` (escapes already decoded, as the remark-gfm
 * transform sees it): `www.`, `http(s)://`, or an e-mail with a dot in its domain; -1 for none.
 * Linear: each `@` is looked at once (a regex like `[\w.]+@` would rescan a long word per start).
 */
function firstLinkable(decoded: string): number {
  const url = urlLiteral.exec(decoded)?.index ?? -1
  for (
    let at = decoded.indexOf('@');
    at !== -1 && (url === -1 || at < url);
    at = decoded.indexOf('@', at + 1)
  ) {
    // micromark takes any mix of `[\w-]` and dots after `@`, once a dot is followed by more of it.
    let end = at + 1
    let dotted = false
    while (end < decoded.length && emailDomain.test(decoded[end] ?? '')) {
      if (decoded[end] === '.' && /[\w\u2060-]/.test(decoded[end + 1] ?? '')) dotted = true
      end += 1
    }
    if (!dotted || !emailLocal.test(decoded[at - 1] ?? '')) {
      at = end - 1
      continue
    }
    let start = at
    while (start > 0 && emailLocal.test(decoded[start - 1] ?? '')) start -= 1
    return url === -1 ? start : Math.min(start, url)
  }
  return url
}

/**
 * The dots GFM needs to link something in `decoded` from `from` on: the one after `www`, the first
 * one of an http(s) host, those of an e-mail domain (where more domain follows). A word joiner next to
 * each of them is enough for both micromark and the remark-gfm transform; other dots stay as they are.
 * Returns where the joiners go.
 */
function linkDots(decoded: string, from: number): number[] {
  const dots: number[] = []
  const add = (dot: number, after = false) => {
    if (decoded[dot] !== '.' || decoded[dot - 1] === AUTOLINK_BREAK || decoded[dot + 1] === AUTOLINK_BREAK)
      return
    dots.push(after ? dot + 1 : dot)
  }
  literalTrigger.lastIndex = from
  for (let match = literalTrigger.exec(decoded); match; match = literalTrigger.exec(decoded)) {
    const trigger = match[0].toLowerCase()
    let dot = match.index + trigger.length
    if (trigger === 'www') add(dot)
    else if (trigger === '@') {
      // A domain dot counts when more domain follows it. The joiner may go after the dot too, and
      // does when it would otherwise turn a closing `_` before the dot into an intraword one.
      for (; dot < decoded.length && emailDomain.test(decoded[dot] ?? ''); dot += 1) {
        if (/[\w-]/.test(decoded[dot + 1] ?? '')) add(dot, /[*_~]/.test(decoded[dot - 1] ?? ''))
      }
    } else {
      while (dot < decoded.length && /[\w-]/.test(decoded[dot] ?? '')) dot += 1
      add(dot)
    }
  }
  // A `www` inside an http host needs the same dot: ascending, without repeats.
  return [...new Set(dots)].sort((left, right) => left - right)
}

/** Text to insert at `index` of the original string. */
export interface Edit {
  readonly index: number
  readonly text: string
}

/** Applies edits (each at an index of the original `text`) in one pass. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  if (edits.length === 0) return text
  const sorted = [...edits].sort((left, right) => left.index - right.index)
  const parts: string[] = []
  let copied = 0
  for (const edit of sorted) {
    parts.push(text.slice(copied, edit.index), edit.text)
    copied = edit.index
  }
  parts.push(text.slice(copied))
  return parts.join('')
}

/**
 * Finds an autolink literal in `text` from `from` to `to`, a run of plain text. Unless it is
 * `complete`, pushes the edits that make it plain text reading the same: `:` of `http(s)://` is
 * escaped (micromark links `https://exa` by itself), the dots GFM needs get a word joiner (see
 * `linkDots`), and markdown syntax inside the URL is escaped, because it is link text in the final
 * render. Returns where the literal starts and where its link text ends (-1 for no literal).
 */
export function guardLiteral(
  text: string,
  from: number,
  to: number,
  complete: boolean,
  edits: Edit[],
): { start: number; end: number } {
  const region = text.slice(from, to)
  let decoded = region
  let sourceIndex: Uint32Array | undefined
  if (region.includes('\\')) {
    // Decode backslash escapes (as remark-gfm's transform sees the text), remembering where each
    // decoded character came from.
    sourceIndex = new Uint32Array(region.length)
    let length = 0
    let unescaped = ''
    for (let index = 0; index < region.length; index += 1) {
      sourceIndex[length] = index
      length += 1
      if (region[index] === '\\' && asciiPunctuation.test(region[index + 1] ?? '')) index += 1
      unescaped += region[index]
    }
    decoded = unescaped
  }
  const toSource = (index: number) => from + (sourceIndex ? (sourceIndex[index] ?? 0) : index)
  const literal = firstLinkable(decoded)
  if (literal === -1) return { start: -1, end: -1 }
  const start = toSource(literal)
  const end = Math.min(literalEnd(text, start), to)
  if (complete) return { start, end }
  const bodyEnd = isUrlLiteralAt(text, start) ? end : start
  for (const dot of linkDots(decoded, literal)) edits.push({ index: toSource(dot), text: AUTOLINK_BREAK })
  for (let index = start; index < to; index += 1) {
    const char = text[index] ?? ''
    if (char === '\\' && asciiPunctuation.test(text[index + 1] ?? '')) index += 1
    else if (char === ':') {
      if (/https?$/i.test(text.slice(Math.max(start, index - 5), index)) && text.startsWith('//', index + 1))
        edits.push({ index, text: '\\' })
    } else if (index < bodyEnd && urlBodySyntax.has(char)) edits.push({ index, text: '\\' })
  }
  return { start, end }
}

/**
 * Where the link text of a literal starting at `start` ends, for literals micromark tokenizes (their
 * `*`, `_` and `~` open nothing); `start` for those only the remark-gfm transform finds.
 */
function literalEnd(text: string, start: number): number {
  if (isUrlLiteralAt(text, start)) return urlLiteralEnd(text, start)
  if (/[/\w+.-]/.test(text[start - 1] ?? '')) return start
  let end = start
  while (end < text.length && /[\w+.-]/.test(text[end] ?? '')) end += 1
  if (text[end] !== '@') return start
  end += 1
  while (end < text.length && emailDomain.test(text[end] ?? '')) end += 1
  return end
}

/** An autolink body shown as text while its `>` is missing: every punctuation mark escaped. */
export function escapeAutolinkBody(body: string): string {
  let escaped = ''
  for (const char of body) escaped += asciiPunctuation.test(char) ? `\\${char}` : char
  return escaped
}

/** Index of the last literal-ending whitespace in `text` from `floor` to `end`, else `floor - 1`. */
export function lastLiteralSpace(text: string, end = text.length, floor = 0): number {
  let index = end - 1
  while (index >= floor && !literalSpace.test(text[index] ?? '')) index -= 1
  return index
}
