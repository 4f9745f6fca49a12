// Inline half of the tail repair: one left-to-right pass over the open paragraph (or table cell)
// with a delimiter stack, then closers appended innermost first. Linear: every search either
// consumes what it scanned or ends the pass.

/** Destination given to links whose URL has not fully arrived; the URL policy renders them inert. */
export const INCOMPLETE_LINK_URL = 'ras-incomplete:link'

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
}

/** Largest number of stack entries a closer looks through (keeps hostile delimiter soup linear). */
const searchDepth = 64

const punctuation = /[!-/:-@[-`{-~\p{P}\p{S}]/u
const whitespace = /\s/

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
const partialTag = /^<(?:\/?[A-Za-z][^<>\n]*|!(?:-(?:-[^>]*)?)?|)$/
const maxHeldTag = 256

/** Escapes a trailing, still-growing GFM autolink literal so it is not linked to a truncated URL. */
function escapeTrailingAutolink(text: string): string {
  let start = text.length
  while (start > 0 && !/[\s(*_~]/.test(text[start - 1] ?? '')) start -= 1
  const token = text.slice(start)
  if (/^https?:\/\//i.test(token)) {
    const colon = start + token.indexOf(':')
    return `${text.slice(0, colon)}\\${text.slice(colon)}`
  }
  // `www.` and e-mail literals are found after escapes and references are decoded: nothing in the source
  // stops them, so a half domain is held until it is complete.
  if (/^www\./i.test(token)) return text.slice(0, start).trimEnd()
  if (/^[\w.+-]+@[\w-]+(?:\.[\w-]*)+$/.test(token)) return text.slice(0, start).trimEnd()
  return text
}

/** Repairs the inline content of one open paragraph, heading or table cell. */
export function repairInline(text: string, options: InlineRepairOptions = {}): string {
  const incompleteLinkUrl = options.incompleteLinkUrl ?? INCOMPLETE_LINK_URL
  const stack: StackEntry[] = []
  let keep = text.length
  let code: { position: number; length: number } | undefined
  let mathOpen = -1
  let pendingLink: LinkOpener | undefined
  let sequence = 0
  let activeFrom = 0
  const active = (entry: LinkOpener) => entry.image || entry.sequence >= activeFrom
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
        if (close === -1) {
          code = { position: index, length }
          break scan
        }
        index = close + length
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
            closable: !(char !== '_' && before === 'other'),
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
          pendingLink = entry
          break scan
        }
        if (next === '(') {
          const end = findDestinationEnd(text, index + 2)
          if (end === -1) {
            keep = index
            pendingLink = entry
            break scan
          }
          if (end >= 0) {
            stack.length = opener
            if (!entry.image) activeFrom = sequence
            index = end + 1
            continue
          }
        } else if (next === '[') {
          const close = text.indexOf(']', index + 2)
          if (close === -1) {
            keep = index
            pendingLink = entry
            break scan
          }
          stack.length = opener
          if (!entry.image) activeFrom = sequence
          index = close + 1
          continue
        }
        stack.splice(opener, 1)
        index += 1
        continue
      }
      case '<': {
        const close = text.indexOf('>', index + 1)
        const newline = text.indexOf('\n', index + 1)
        if (
          close !== -1 &&
          (newline === -1 || close < newline) &&
          /^<[/!?A-Za-z]/.test(text.slice(index, index + 2))
        ) {
          index = close + 1
          continue
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
      case '$': {
        if (options.math && text[index + 1] === '$') {
          const close = text.indexOf('$$', index + 2)
          if (close === -1) {
            mathOpen = index
            break scan
          }
          index = close + 2
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
    if (pendingLink && pendingLink.position >= keep) pendingLink = undefined
    if (mathOpen >= keep) mathOpen = -1
  }

  if (code) {
    // Backticks at the very end may be the start of the closer: hold them.
    let kept = text.slice(0, keep)
    const trailing = kept.length - kept.replace(/`+$/, '').length
    if (trailing > 0 && kept.length - trailing > code.position + code.length) kept = kept.slice(0, -trailing)
    let suffix = '`'.repeat(code.length)
    for (let depth = stack.length - 1; depth >= 0; depth -= 1) {
      const entry = stack[depth]
      if (entry?.kind !== 'link' || active(entry)) suffix += closerFor(entry, incompleteLinkUrl)
    }
    return kept + suffix
  }
  if (mathOpen !== -1) {
    let suffix = '$$'
    for (let depth = stack.length - 1; depth >= 0; depth -= 1)
      suffix += closerFor(stack[depth], incompleteLinkUrl)
    return text.slice(0, keep) + suffix
  }

  let kept = text.slice(0, keep).trimEnd()
  // Openers left with nothing after them are held back rather than shown raw.
  while (stack.length > 0) {
    const top = stack[stack.length - 1]
    if (!top) break
    const end = top.kind === 'emphasis' ? top.position + top.count : top.position + 1
    if (end < kept.length) break
    stack.pop()
    kept = kept.slice(0, top.position).trimEnd()
  }
  const linkOpen = pendingLink !== undefined || stack.some((entry) => entry.kind === 'link' && active(entry))
  if (!linkOpen) kept = escapeTrailingAutolink(kept)
  let suffix = ''
  let linkClosed = false
  for (let depth = stack.length - 1; depth >= 0; depth -= 1) {
    const entry = stack[depth]
    if (entry?.kind === 'link') {
      if (!active(entry)) continue
      // Links do not nest: only the innermost open bracket becomes the (inert) pending link.
      if (!linkClosed) suffix += closerFor(entry, incompleteLinkUrl)
      linkClosed = true
      continue
    }
    const closer = closerFor(entry, incompleteLinkUrl)
    // Tilde closers must match their opener's length: never let two of them merge into one run.
    if (closer.startsWith('~') && (suffix || kept).endsWith('~')) continue
    suffix += closer
  }
  return kept + suffix
}

function closerFor(entry: StackEntry | undefined, incompleteLinkUrl: string): string {
  if (!entry) return ''
  if (entry.kind === 'link') return `](${incompleteLinkUrl})`
  return entry.closable ? entry.char.repeat(entry.count) : ''
}
