// Inline half of the tail repair: one left-to-right pass over the open paragraph (or table cell)
// with a delimiter stack, then closers appended innermost first. Linear: every search either
// consumes what it scanned or ends the pass.
// Long on purpose (repairInline is one ~430-line pass): code spans, links, emphasis, autolinks and
// HTML share one cursor and one delimiter stack; split into functions they would pass all of it around.

import {
  applyEdits,
  type Edit,
  escapeAutolinkBody,
  guardLiteral,
  isPartialAutolink,
  isUrlLiteralAt,
  lastLiteralSpace,
  literalSpace,
  urlLiteralEnd,
} from './autolink-literal.js'

/** Destination given to links whose URL has not fully arrived; the URL policy renders them inert. */
export const INCOMPLETE_LINK_URL = 'ras-incomplete:link'

/** The inline repair's defaults. */
export const DEFAULT_INLINE_REPAIR_OPTIONS = Object.freeze({
  math: false,
  incompleteLinkUrl: INCOMPLETE_LINK_URL,
  openBracket: 'link' as 'link' | 'literal',
})

/**
 * Destination StreamingMarkdown gives a reference (`[text][label]`, `[label][]`, `[label]`, `[^1]`)
 * whose definition has not arrived yet: it renders as a pending link, without an href.
 */
export const PENDING_REFERENCE_URL = 'ras-pending:reference'

interface EmphasisOpener {
  readonly kind: 'emphasis'
  readonly char: '*' | '_' | '~'
  count: number
  readonly original: number
  readonly position: number
  readonly canClose: boolean
  /** Intraword `*`/`~` openers (`2*3`, `20~25`) are far more often literal than emphasis: never auto-closed. */
  readonly closable: boolean
}

interface LinkOpener {
  readonly kind: 'link'
  readonly image: boolean
  readonly position: number
  /** Order of the bracket; brackets before the last completed link are inactive (links never nest). */
  readonly sequence: number
}

type StackEntry = EmphasisOpener | LinkOpener

export interface InlineRepairOptions {
  readonly math?: boolean
  readonly incompleteLinkUrl?: string
  /**
   * What an open `[` whose `]` has not arrived shows as: the text of a pending (inert) link, or
   * literal text. A `[` right after a letter or digit (`arr[0`) is always literal, and one whose
   * `](` or `][` has arrived is always a link. @default 'link'
   */
  readonly openBracket?: 'link' | 'literal'
}

/** Largest number of stack entries a closer looks through (keeps hostile delimiter soup linear). */
const searchDepth = 64

const punctuation = /[!-/:-@[-`{-~\p{P}\p{S}]/u
const whitespace = /\s/
const letterOrDigit = /[\p{L}\p{N}]/u
const dataStart = /["'[]/
/** Quotes and brackets around a lone delimiter (`"*"`, `(_)`): the character quoted, not emphasis. */
const quoteBefore = /["'([{<\u2018\u201c]/
const quoteAfter = /["')\]}>\u2019\u201d]/

function classify(char: string | undefined): 'space' | 'punct' | 'other' {
  if (char === undefined || whitespace.test(char)) return 'space'
  return punctuation.test(char) ? 'punct' : 'other'
}

function runLength(text: string, start: number, char: string): number {
  let end = start
  while (end < text.length && text[end] === char) end += 1
  return end - start
}

/** Start of the next backtick run of exactly `length` at or after `from`, or -1. */
function findBacktickRun(text: string, from: number, length: number): number {
  let index = text.indexOf('`', from)
  while (index !== -1) {
    const run = runLength(text, index, '`')
    if (run === length) return index
    index = text.indexOf('`', index + run)
  }
  return -1
}

/**
 * End of an inline link's `(destination "title")` starting after `](`: the index of `)`, -1 when
 * the text ends first (still streaming), -2 when it cannot be a link.
 */
function findDestinationEnd(text: string, start: number): number {
  let position = start
  const skipSpace = () => {
    while (position < text.length && /[ \t\n]/.test(text[position] ?? '')) position += 1
  }
  skipSpace()
  if (text[position] === '<') {
    while (position < text.length && text[position] !== '>' && text[position] !== '\n') {
      position += text[position] === '\\' ? 2 : 1
    }
    if (position >= text.length) return -1
    if (text[position] !== '>') return -2
    position += 1
  } else {
    let depth = 0
    while (position < text.length) {
      const char = text[position]
      if (char === '\\') position += 2
      else if (char === '(') {
        depth += 1
        position += 1
      } else if (char === ')') {
        if (depth === 0) break
        depth -= 1
        position += 1
      } else if (char === ' ' || char === '\t' || char === '\n') break
      else position += 1
    }
  }
  skipSpace()
  const quote = text[position]
  if (quote === '"' || quote === "'" || quote === '(') {
    const close = quote === '(' ? ')' : quote
    position += 1
    while (position < text.length && text[position] !== close) position += text[position] === '\\' ? 2 : 1
    if (position >= text.length) return -1
    position += 1
    skipSpace()
  }
  if (position >= text.length) return -1
  return text[position] === ')' ? position : -2
}

const partialEntity = /^&(?:#[xX]?[0-9A-Fa-f]{0,8}|[A-Za-z][A-Za-z0-9]{0,31})?$/
const partialTag = /^<(?:\/?(?:[A-Za-z][A-Za-z0-9-]*(?:[ \t][^<>\n]*|\/)?)?|!(?:-(?:-[^>]*)?)?)$/
/** A complete raw HTML tag, comment, declaration or autolink (CommonMark); anything else is text. */
const completeTag =
  /^<(?:[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?|\/[A-Za-z][A-Za-z0-9-]*\s*|[!?][\s\S]*|[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9.-]+)>$/
const maxHeldTag = 256

/**
 * Repairs the inline content of one open paragraph, heading or table cell. `lineComplete`: a line end
 * follows `text` (a trailing autolink literal is then complete).
 */
export function repairInline(text: string, options: InlineRepairOptions = {}, lineComplete = false): string {
  const incompleteLinkUrl = options.incompleteLinkUrl ?? DEFAULT_INLINE_REPAIR_OPTIONS.incompleteLinkUrl
  const stack: StackEntry[] = []
  let keep = text.length
  let code: { position: number; length: number } | undefined
  let mathOpen = -1
  let autolinkOpen = -1
  let autolinkInert = false
  /** The link whose `](` or `][` has arrived while its destination or label is still streaming. */
  let decidedLink: LinkOpener | undefined
  let sequence = 0
  let activeFrom = 0
  const active = (entry: LinkOpener) => entry.image || entry.sequence >= activeFrom
  // Where code spans, links, tags... end, in order: a literal can't reach back past one.
  const constructEnds: number[] = [0]
  /** Start of the plain-text run that ends at `cut`: after the last construct and the last whitespace. */
  const runStart = (value: string, cut: number) => {
    let low = 0
    let high = constructEnds.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if ((constructEnds[middle] ?? 0) <= cut) low = middle
      else high = middle - 1
    }
    const floor = constructEnds[low] ?? 0
    return lastLiteralSpace(value, cut, floor) + 1
  }
  // Next `>` and line end, found once and reused by every `<` before them (a run of `<` stays linear).
  let nextClose = -2
  let nextNewline = -2
  // GFM makes no literal links inside link or image text.
  const insideLabel = () => {
    for (let depth = stack.length - 1; depth >= 0 && depth >= stack.length - searchDepth; depth -= 1) {
      const entry = stack[depth]
      if (entry?.kind === 'link' && active(entry)) return true
    }
    return false
  }
  let index = 0

  scan: while (index < text.length) {
    const char = text[index]
    switch (char) {
      case '\\': {
        if (index + 1 >= text.length) {
          keep = index
          break scan
        }
        index += 2
        continue
      }
      case '`': {
        const length = runLength(text, index, '`')
        if (index + length >= text.length) {
          keep = index
          break scan
        }
        const close = findBacktickRun(text, index + length, length)
        // Three or more backticks inside a paragraph are far more often the fence characters
        // themselves (written about) than a code span's opener: left as text until a closer arrives.
        if (close === -1 && length >= 3) {
          index += length
          continue
        }
        if (close === -1) {
          code = { position: index, length }
          break scan
        }
        index = close + length
        constructEnds.push(index)
        continue
      }
      case '*':
      case '_':
      case '~': {
        const length = runLength(text, index, char)
        if (index + length >= text.length) {
          keep = index
          break scan
        }
        const before = classify(text[index - 1])
        const after = classify(text[index + length])
        const left = after !== 'space' && (after !== 'punct' || before !== 'other')
        const right = before !== 'space' && (before !== 'punct' || after !== 'other')
        const canOpen = char === '_' ? left && (!right || before === 'punct') : left
        const canClose = char === '_' ? right && (!left || after === 'punct') : right
        if (char === '~' && length > 2) {
          index += length
          continue
        }
        let remaining = length
        if (canClose) {
          for (let depth = stack.length - 1; depth >= 0 && depth >= stack.length - searchDepth; depth -= 1) {
            const entry = stack[depth]
            if (!entry) break
            // Brackets are literal unless a link forms, so they never block emphasis matching.
            if (entry.kind === 'link' || entry.char !== char) continue
            if (char === '~' && entry.count !== remaining) continue
            const oddMatch =
              (entry.canClose || canOpen) &&
              (entry.original + length) % 3 === 0 &&
              !(entry.original % 3 === 0 && length % 3 === 0)
            if (char !== '~' && oddMatch) continue
            const used = char === '~' ? remaining : entry.count >= 2 && remaining >= 2 ? 2 : 1
            entry.count -= used
            remaining -= used
            // Delimiters between opener and closer can no longer match; brackets stay.
            const between = stack.splice(depth + 1).filter((inner) => inner.kind === 'link' && active(inner))
            if (entry.count === 0) stack.length = depth
            stack.push(...between)
            if (remaining === 0) break
            depth = stack.length
          }
        }
        if (remaining > 0 && canOpen) {
          stack.push({
            kind: 'emphasis',
            char,
            count: remaining,
            original: length,
            position: index + length - remaining,
            canClose,
            closable:
              !(char !== '_' && before === 'other') &&
              !(quoteBefore.test(text[index - 1] ?? '') && quoteAfter.test(text[index + length] ?? '')),
          })
        }
        index += length
        continue
      }
      case '!': {
        if (index + 1 >= text.length) {
          keep = index
          break scan
        }
        if (text[index + 1] === '[') {
          stack.push({ kind: 'link', image: true, position: index, sequence: sequence++ })
          index += 2
          continue
        }
        index += 1
        continue
      }
      case '[': {
        if (index + 1 >= text.length) {
          keep = index
          break scan
        }
        if (text[index + 1] === '^') {
          const close = text.indexOf(']', index + 2)
          if (close === -1) {
            keep = index
            break scan
          }
          index = close + 1
          constructEnds.push(index)
          continue
        }
        stack.push({ kind: 'link', image: false, position: index, sequence: sequence++ })
        index += 1
        continue
      }
      case ']': {
        let opener = -1
        for (let depth = stack.length - 1; depth >= 0 && depth >= stack.length - searchDepth; depth -= 1) {
          if (stack[depth]?.kind === 'link') {
            opener = depth
            break
          }
        }
        const entry = stack[opener]
        if (entry?.kind !== 'link') {
          index += 1
          continue
        }
        if (!active(entry)) {
          stack.splice(opener, 1)
          index += 1
          continue
        }
        const next = text[index + 1]
        if (next === undefined) {
          keep = index
          break scan
        }
        if (next === '(') {
          const end = findDestinationEnd(text, index + 2)
          if (end === -1) {
            keep = index
            decidedLink = entry
            break scan
          }
          if (end >= 0) {
            stack.length = opener
            if (!entry.image) activeFrom = sequence
            index = end + 1
            constructEnds.push(index)
            continue
          }
        } else if (next === '[') {
          const close = text.indexOf(']', index + 2)
          if (close === -1) {
            keep = index
            decidedLink = entry
            break scan
          }
          stack.length = opener
          if (!entry.image) activeFrom = sequence
          index = close + 1
          constructEnds.push(index)
          continue
        }
        stack.splice(opener, 1)
        index += 1
        continue
      }
      case '<': {
        if (nextClose !== -1 && nextClose <= index) nextClose = text.indexOf('>', index + 1)
        if (nextNewline !== -1 && nextNewline <= index) nextNewline = text.indexOf('\n', index + 1)
        const close = nextClose
        if (
          close !== -1 &&
          (nextNewline === -1 || close < nextNewline) &&
          completeTag.test(text.slice(index, close + 1))
        ) {
          index = close + 1
          constructEnds.push(index)
          continue
        }
        if (isPartialAutolink(text, index)) {
          // Certain to become a link: its text shows now as an inert link (plain text inside link
          // text, where GFM links nothing); only the `<` is held.
          autolinkOpen = index
          autolinkInert = !insideLabel()
          keep = index
          break scan
        }
        if (text.length - index <= maxHeldTag && partialTag.test(text.slice(index))) {
          keep = index
          break scan
        }
        index += 1
        continue
      }
      case '&': {
        if (text.length - index <= 40 && partialEntity.test(text.slice(index))) {
          keep = index
          break scan
        }
        index += 1
        continue
      }
      case 'h':
      case 'H':
      case 'w':
      case 'W': {
        // A literal URL is link text up to its trailing punctuation: no emphasis, code or brackets in
        // it. Inside link text GFM links nothing, but `*`, `_` and `~` in a URL there are still far
        // more often path characters than emphasis: they are not closed for it.
        if (isUrlLiteralAt(text, index)) {
          index = Math.max(urlLiteralEnd(text, index, insideLabel()), index + 1)
          continue
        }
        index += 1
        continue
      }
      case '$': {
        if ((options.math ?? DEFAULT_INLINE_REPAIR_OPTIONS.math) && text[index + 1] === '$') {
          const close = text.indexOf('$$', index + 2)
          if (close === -1) {
            mathOpen = index
            break scan
          }
          index = close + 2
          constructEnds.push(index)
          continue
        }
        index += 1
        continue
      }
      default:
        index += 1
    }
  }

  // An unfinished image shows nothing until it is complete (a half URL must never be fetched).
  const imageDepth = stack.findIndex((entry) => entry.kind === 'link' && entry.image)
  if (imageDepth !== -1) {
    const image = stack[imageDepth] as LinkOpener
    keep = Math.min(keep, image.position)
    stack.length = imageDepth
    if (code && code.position >= keep) code = undefined
    if (mathOpen >= keep) mathOpen = -1
  }

  // Edits that keep open literals plain text, at indexes of the kept text; applied once at the end.
  const edits: Edit[] = []
  // The pending link: the one whose destination or label is streaming, else (unless open brackets
  // read as literal text here) the outermost open bracket, so brackets inside its text
  // (`[f(a, [options` ) stay text as they will in the final link. Links do not nest: the other open
  // brackets are literal, and those inside the pending link are escaped so that it pairs with its own.
  // `arr[0`, `m[5][0`, `["a", `, `[[1], ` and `[!NOTE` are indexes, data and markers, not link text.
  const literalBracket = (entry: LinkOpener) =>
    letterOrDigit.test(text[entry.position - 1] ?? '') ||
    dataStart.test(text[entry.position + 1] ?? '') ||
    (text[entry.position + 1] === '!' && text[entry.position + 2] !== '[')
  const choosePending = (): LinkOpener | undefined => {
    if (decidedLink && stack.includes(decidedLink))
      return literalBracket(decidedLink) ? undefined : decidedLink
    if ((options.openBracket ?? DEFAULT_INLINE_REPAIR_OPTIONS.openBracket) === 'literal') return undefined
    for (const entry of stack) {
      if (entry.kind !== 'link' || !active(entry)) continue
      if (!literalBracket(entry)) return entry
      // Brackets inside bracketed data (`[[1], [2`) are data too.
      if (dataStart.test(text[entry.position + 1] ?? '')) return undefined
    }
    return undefined
  }
  let pending = choosePending()
  const escapeInner = (value: string) => {
    if (!pending) return
    for (const entry of stack) {
      if (entry.kind === 'link' && entry !== pending && active(entry) && entry.position > pending.position) {
        if (entry.position < value.length) edits.push({ index: entry.position, text: '\\' })
      }
    }
  }
  /** Closers for what is still open, innermost first: only the pending link among the brackets. */
  const closers = (after: string) => {
    let suffix = ''
    for (let depth = stack.length - 1; depth >= 0; depth -= 1) {
      const entry = stack[depth]
      if (entry?.kind === 'link') {
        if (entry === pending) suffix += closerFor(entry, incompleteLinkUrl)
        continue
      }
      const closer = closerFor(entry, incompleteLinkUrl)
      // Tilde closers must match their opener's length: never let two of them merge into one run.
      if (closer.startsWith('~') && (suffix || after).endsWith('~')) continue
      suffix += closer
    }
    return suffix
  }
  // Text right before a pending construct (`[`, code span, math) is not followed by whitespace: a
  // literal there is still open. Inside a pending link's text GFM links nothing.
  const guardBefore = (value: string, cut: number) =>
    guardLiteral(value, runStart(value, cut), cut, false, edits)
  // A closer appended here ends the text node at its opener. If the opener stays unclosed, the text
  // runs on in the final render, and so may a literal right before it (the remark-gfm transform links
  // whole text nodes): such a literal is still open. Runs from `checkedFrom` on are guarded already.
  const guardOpeners = (value: string, checkedFrom: number) => {
    let done = checkedFrom
    for (let depth = stack.length - 1; depth >= 0; depth -= 1) {
      const entry = stack[depth]
      if (entry?.kind !== 'emphasis' || !entry.closable || entry.position >= done) continue
      done = runStart(value, entry.position)
      if (done < entry.position) guardBefore(value, entry.position)
    }
  }

  if (code) {
    // Backticks at the very end may be the start of the closer: hold them.
    let kept = text.slice(0, keep)
    const trailing = kept.length - kept.replace(/`+$/, '').length
    if (trailing > 0 && kept.length - trailing > code.position + code.length) kept = kept.slice(0, -trailing)
    const cut = pending ? pending.position : code.position
    guardBefore(kept, cut)
    guardOpeners(kept, runStart(kept, cut))
    escapeInner(kept)
    kept = applyEdits(kept, edits)
    return kept + '`'.repeat(code.length) + closers('`')
  }
  if (mathOpen !== -1) {
    const kept = text.slice(0, keep)
    const cut = pending ? pending.position : mathOpen
    guardBefore(kept, cut)
    guardOpeners(kept, runStart(kept, cut))
    escapeInner(kept)
    return `${applyEdits(kept, edits)}$$${closers('$$')}`
  }

  let kept = text.slice(0, keep).trimEnd()
  if (autolinkOpen !== -1) {
    const body = escapeAutolinkBody(text.slice(autolinkOpen + 1))
    kept = text.slice(0, autolinkOpen) + (autolinkInert ? `[${body}](${incompleteLinkUrl})` : body)
  }
  // Openers left with nothing after them are held back rather than shown raw.
  while (stack.length > 0) {
    const top = stack[stack.length - 1]
    if (!top) break
    const end = top.kind === 'emphasis' ? top.position + top.count : top.position + 1
    if (end < kept.length) break
    stack.pop()
    kept = kept.slice(0, top.position).trimEnd()
  }
  if (pending && !stack.includes(pending)) pending = choosePending()
  // A literal followed by whitespace is complete and may be linked now, as it will be in the end; one
  // still streaming stays plain text.
  let spaceAfter = ''
  let checkedFrom = Number.POSITIVE_INFINITY
  if (pending || autolinkOpen !== -1) {
    const cut = pending ? pending.position : autolinkOpen
    checkedFrom = runStart(kept, cut)
    guardBefore(kept, cut)
  } else {
    const following = text[kept.length]
    const spaceFollows = following !== undefined && literalSpace.test(following)
    // micromark links a bare `www.` before a line ending but not at the end of the text.
    const complete = spaceFollows || (lineComplete && following === undefined && !/www\.$/i.test(kept))
    const from = runStart(kept, kept.length)
    const guarded = guardLiteral(kept, from, kept.length, complete, edits)
    if (!complete) checkedFrom = from
    if (guarded.start !== -1) {
      // The whitespace that completed the literal stays, so repairing again still sees it complete.
      if (spaceFollows) spaceAfter = ' '
      // `*`, `_` and `~` inside a literal are part of it in the final render: they open nothing now.
      let write = 0
      for (const entry of stack) {
        if (entry.kind === 'link' || entry.position <= guarded.start || entry.position >= guarded.end)
          stack[write++] = entry
      }
      stack.length = write
    }
  }
  guardOpeners(kept, checkedFrom)
  escapeInner(kept)
  kept = applyEdits(kept, edits)
  return kept + closers(kept) + spaceAfter
}

function closerFor(entry: StackEntry | undefined, incompleteLinkUrl: string): string {
  if (!entry) return ''
  if (entry.kind === 'link') return `](${incompleteLinkUrl})`
  return entry.closable ? entry.char.repeat(entry.count) : ''
}
