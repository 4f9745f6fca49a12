// Line-level CommonMark/GFM recognisers shared by the block splitter and the tail repair.
// They look at the start of one line only, so callers stay linear in the text they scan.

/** Columns of leading indentation (a tab advances to the next multiple of 4) and its length in chars. */
export function measureIndent(line: string): { columns: number; chars: number } {
  let columns = 0
  let chars = 0
  while (chars < line.length) {
    const char = line.charCodeAt(chars)
    if (char === 32) columns += 1
    else if (char === 9) columns += 4 - (columns % 4)
    else break
    chars += 1
  }
  return { columns, chars }
}

/** True for a line of spaces, tabs and carriage returns only. */
export function isBlankLine(line: string): boolean {
  for (let index = 0; index < line.length; index += 1) {
    const char = line.charCodeAt(index)
    if (char !== 32 && char !== 9 && char !== 13) return false
  }
  return true
}

const thematicBreak = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t\r]*$/

/** A thematic break (`---`, `* * *`, `___`). */
export function isThematicBreak(line: string): boolean {
  return line.length < 4096 && thematicBreak.test(line)
}

export interface ListMarker {
  /** Column where the item's content starts (CommonMark's W + N). */
  readonly contentIndent: number
  readonly ordered: boolean
}

const listMarker = /^([ \t]*)([-+*]|\d{1,9}[.)])([ \t]*)/

/** The list-item marker at the start of `line`, when there is one (thematic breaks excluded). */
export function matchListMarker(line: string): ListMarker | undefined {
  const match = listMarker.exec(line.length > 64 ? line.slice(0, 64) : line)
  if (!match) return undefined
  const [whole, leading = '', marker = '', spaces = ''] = match
  const rest = line.slice(whole.length)
  if (spaces.length === 0 && rest.length > 0 && rest[0] !== '\r') return undefined
  if (isThematicBreak(line)) return undefined
  const indent = measureIndent(leading).columns
  const padding = spaces.length === 0 || spaces.length > 4 || isBlankLine(rest) ? 1 : spaces.length
  return { contentIndent: indent + marker.length + padding, ordered: /\d/.test(marker) }
}

export interface FenceOpener {
  readonly marker: '`' | '~'
  readonly length: number
  readonly indent: number
  readonly info: string
}

const fenceOpener = /^([ \t]*)(`{3,}|~{3,})(.*)$/

/** A code fence opener (``` or ~~~); backtick fences may not have a backtick in the info string. */
export function matchFenceOpener(line: string): FenceOpener | undefined {
  const head = line.length > 256 ? line.slice(0, 256) : line
  const match = fenceOpener.exec(head)
  if (!match) return undefined
  const [, leading = '', run = '', info = ''] = match
  const marker = run[0] === '`' ? '`' : '~'
  if (marker === '`' && line.indexOf('`', leading.length + run.length) !== -1) return undefined
  return { marker, length: run.length, indent: measureIndent(leading).columns, info: info.trim() }
}

/** True when `line` closes a fence opened with `opener` (same marker, at least as long, nothing after). */
export function isFenceCloser(line: string, opener: Pick<FenceOpener, 'marker' | 'length'>): boolean {
  const { chars } = measureIndent(line)
  let index = chars
  while (index < line.length && line[index] === opener.marker) index += 1
  return index - chars >= opener.length && isBlankLine(line.slice(index))
}

/** HTML block kinds 1-5 run until a terminator, across blank lines; returns that terminator. */
export function matchHtmlBlockStart(line: string): RegExp | undefined {
  const head = line.slice(0, 32)
  if (!/^ {0,3}</.test(head)) return undefined
  const trimmed = head.trimStart()
  if (/^<(script|pre|style|textarea)(?:[\s>]|$)/i.test(trimmed)) return /<\/(script|pre|style|textarea)>/i
  if (trimmed.startsWith('<!--')) return /-->/
  if (trimmed.startsWith('<?')) return /\?>/
  if (trimmed.startsWith('<![CDATA[')) return /\]\]>/
  if (/^<![A-Za-z]/.test(trimmed)) return />/
  return undefined
}

/** Tag names that start an HTML block of kind 6 (CommonMark 4.6), which ends at a blank line. */
const blockTagNames = new Set(
  (
    'address article aside base basefont blockquote body caption center col colgroup dd details dialog ' +
    'dir div dl dt fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr ' +
    'html iframe legend li link main menu menuitem nav noframes ol optgroup option p param search section ' +
    'summary table tbody td tfoot th thead title tr track ul'
  ).split(' '),
)
const blockTag = /^ {0,3}<\/?([A-Za-z][A-Za-z0-9]*)(?:[\s/>]|$)/
const completeTagLine =
  /^ {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*$/

/**
 * The HTML block a line starts, if any: the terminator of kinds 1-5, or `blank` for kinds 6 and 7,
 * which end at a blank line. Kind 7 (any complete tag alone on its line) cannot interrupt a paragraph.
 */
export function matchHtmlBlock(line: string, inParagraph: boolean): RegExp | 'blank' | undefined {
  const end = matchHtmlBlockStart(line)
  if (end) return end
  const name = blockTag.exec(line.slice(0, 64))?.[1]
  if (name && blockTagNames.has(name.toLowerCase())) return 'blank'
  if (!inParagraph && line.length < 4096 && completeTagLine.test(line)) return 'blank'
  return undefined
}

/** Label normalisation of CommonMark (case-fold, collapse whitespace). */
export function normalizeLabel(label: string): string {
  return label
    .replace(/[\t\n\r ]+/g, ' ')
    .trim()
    .toLowerCase()
    .toUpperCase()
}
