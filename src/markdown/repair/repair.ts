// Block half of the tail repair: what the open block's last lines leave open (fences, math, HTML,
// tables, markers, definitions), before the inline pass. Just over 300 lines: one case list, read top
// to bottom in the order the cases are tried.
import {
  isBlankLine,
  isFenceCloser,
  isThematicBreak,
  matchFenceOpener,
  matchHtmlBlock,
  matchListMarker,
} from '../line-syntax.js'
import { type MarkdownBlock, splitBlocks } from '../split/block-splitter.js'
import { type InlineRepairOptions, repairInline } from './inline-repair.js'
import { balancedMathLines, holdOpenInlineMath } from './math-repair.js'

export interface RepairOptions extends InlineRepairOptions {
  /**
   * Repair math for remark-math: hold an open inline `$` formula, close inline `$$`, and inside a
   * `$$` block hold the half line and any lines until the TeX balances. @default false
   */
  readonly math?: boolean
  /** Destination given to links whose URL is still streaming. @default INCOMPLETE_LINK_URL */
  readonly incompleteLinkUrl?: string
  /**
   * The text writes reference links, so a line that starts with `[` may be a definition (which
   * renders nothing): it is held until what follows its `]` tells. @default false
   */
  readonly referenceDefinitions?: boolean
}

/** The block repair's own defaults (the inline ones are `DEFAULT_INLINE_REPAIR_OPTIONS`). */
export const DEFAULT_REPAIR_OPTIONS = Object.freeze({ math: false, referenceDefinitions: false })

const containerPrefix = /^(?:[ \t]*>)*[ \t]*/
const markerOnlyLine = /^(?:[-*+_=~`]+[ \t]*)+$/
const orderedMarkerOnly = /^\d{1,9}[.)]?[ \t]*$/
const headingMarkerOnly = /^#{1,6}[ \t]*$/
const partialTaskMarker = /^((?:[-*+]|\d{1,9}[.)])[ \t]+)\[[ xX]?(?:\][ \t]*)?$/
const tableRow = /^[ \t]*\|/
const delimiterRowPrefix = /^[ \t]*\|?[ \t]*(?::?-*:?[ \t]*\|[ \t]*)*:?-*:?[ \t]*$/

/** Number of `>` markers the line starts with. */
function quoteDepth(line: string): number {
  const prefix = containerPrefix.exec(line)?.[0] ?? ''
  let depth = 0
  for (const char of prefix) if (char === '>') depth += 1
  return depth
}

function stripContainers(line: string): { prefix: string; content: string } {
  const prefix = containerPrefix.exec(line)?.[0] ?? ''
  return { prefix, content: line.slice(prefix.length) }
}

/** Cells of a table row (escaped pipes do not split). */
function countCells(row: string): number {
  let body = row.trim()
  if (body.startsWith('|')) body = body.slice(1)
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1)
  if (body.trim().length === 0) return 0
  let cells = 1
  for (let index = 0; index < body.length; index += 1) {
    if (body[index] === '\\') index += 1
    else if (body[index] === '|') cells += 1
  }
  return cells
}

function delimiterRow(cells: number): string {
  return `|${' --- |'.repeat(cells)}`
}

/** Index of the line where the paragraph (or other leaf) holding the last line starts. */
function leafStart(lines: readonly string[]): number {
  let index = lines.length - 1
  while (index > 0) {
    const current = stripContainers(lines[index] ?? '').content
    const previousLine = lines[index - 1] ?? ''
    const previous = stripContainers(previousLine).content
    if (isBlankLine(previous)) break
    // A deeper `>` starts a block quote, which interrupts a paragraph (a shallower one is lazy continuation).
    if (quoteDepth(lines[index] ?? '') > quoteDepth(previousLine)) break
    if (matchListMarker(current) || /^#{1,6}(?:[ \t]|$)/.test(current) || tableRow.test(current)) break
    if (/^#{1,6}(?:[ \t]|$)/.test(previous) || isThematicBreak(previous) || tableRow.test(previous)) break
    if (matchFenceOpener(previous) || matchFenceOpener(current)) break
    index -= 1
  }
  return index
}

interface FenceScan {
  /** Index of the line opening a fence that is still open at the end, or -1. */
  readonly openFence: number
  readonly fenceMarker: '`' | '~'
  /** Index of the line opening a `$$` block still open at the end, or -1. */
  readonly openMath: number
  /** Index of the line opening an HTML block still open at the end, or -1. */
  readonly openHtml: number
}

function scanFences(lines: readonly string[], math: boolean): FenceScan {
  let fence: { marker: '`' | '~'; length: number; line: number } | undefined
  let mathLine = -1
  let html: { end: RegExp | 'blank'; line: number } | undefined
  let sawList = false
  let inParagraph = false
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? ''
    if (fence) {
      if (isFenceCloser(line, fence)) fence = undefined
      continue
    }
    if (mathLine !== -1) {
      if (/^[ \t]*\$\$[ \t\r]*$/.test(line)) mathLine = -1
      continue
    }
    const { content } = stripContainers(line)
    if (html) {
      const ended = html.end === 'blank' ? isBlankLine(content) : html.end.test(line)
      if (ended) html = undefined
      inParagraph = false
      continue
    }
    const htmlEnd = matchHtmlBlock(content, inParagraph)
    if (htmlEnd) {
      // Kinds 1-5 may end on their first line (`<!-- note -->`).
      if (htmlEnd === 'blank' || !htmlEnd.test(content.slice(2))) html = { end: htmlEnd, line: index }
      inParagraph = false
      continue
    }
    inParagraph = !isBlankLine(content)
    if (matchListMarker(content)) sawList = true
    const opener = matchFenceOpener(content)
    if (opener && (sawList || line.length - content.length <= 3 || /^[ \t]*>/.test(line))) {
      fence = { marker: opener.marker, length: opener.length, line: index }
      continue
    }
    if (math && /^\$\$[^$]*$/.test(content.trimEnd())) mathLine = index
  }
  return {
    openFence: fence?.line ?? -1,
    fenceMarker: fence?.marker ?? '`',
    openMath: mathLine,
    openHtml: html?.line ?? -1,
  }
}

/**
 * Repairs one open block (the last block of a streaming document) so that what renders now is a
 * prefix of what renders later: closes what is open (innermost first), holds back an ambiguous
 * tail of at most one token, and shows a table as soon as its header row exists.
 */
export function repairBlock(block: string, options: RepairOptions = {}): string {
  // Holding one tail can expose another (`#*` -> `#` -> ``): repeat until nothing changes, so
  // repairing twice gives the same text. Each round only shortens the tail, so this ends quickly.
  let result = repairOnce(block, options)
  for (let round = 0; round < 8; round += 1) {
    const next = repairOnce(result, options)
    if (next === result) break
    result = next
  }
  return result
}

function repairOnce(block: string, options: RepairOptions): string {
  const lines = block.split('\n')
  const fences = scanFences(lines, options.math ?? DEFAULT_REPAIR_OPTIONS.math)
  const last = lines.length - 1
  if (fences.openFence !== -1) {
    // Inside an open fence the parser already closes the block at the end of the text; hold the
    // opener line until its info string is complete, and a last line that may become the closer.
    if (fences.openFence === last) return repairBlock(lines.slice(0, -1).join('\n'), options)
    return holdFenceCloser(block, fences.fenceMarker)
  }
  if (fences.openMath !== -1) {
    if (fences.openMath === last) return repairBlock(lines.slice(0, -1).join('\n'), options)
    // Hold the half line, and complete lines while an environment or group is still open
    // (`\begin{aligned}` alone is a KaTeX error, shown as raw TeX until `\end` arrives).
    const kept = balancedMathLines(lines.slice(fences.openMath + 1, last))
    return [...lines.slice(0, fences.openMath + 1 + kept), ''].join('\n')
  }

  // An HTML block shows verbatim (as raw HTML or, unless allowed, as its text): nothing to close.
  if (fences.openHtml !== -1) return block
  const lastLine = lines[last] ?? ''
  if (isBlankLine(lastLine)) {
    const trimmed = block.trimEnd()
    if (trimmed.length === 0) return block
    // A blank line closed the last paragraph for good: what is unclosed in it stays literal.
    if (/\n[ \t\r]*\n[ \t\r\n]*$/.test(block)) return block
    return repairCompleteTail(trimmed, options) + block.slice(trimmed.length)
  }
  const { content } = stripContainers(lastLine)
  // A line of markers alone (`-`, `1.`, `##`, a bare `>`) may still become anything: held.
  const markerOnly = content.length <= 64 && (markerOnlyLine.test(content) || isBlankLine(content))
  if (markerOnly || orderedMarkerOnly.test(content) || headingMarkerOnly.test(content)) {
    return repairBlock(lines.slice(0, -1).join('\n'), options)
  }
  const definitionStart =
    /^ {0,3}\[[^\]]{1,999}\]:/.test(lastLine) ||
    /^\[\^[^\]\s]{0,999}\]?$/.test(lastLine) ||
    ((options.referenceDefinitions ?? DEFAULT_REPAIR_OPTIONS.referenceDefinitions) &&
      /^ {0,3}\[[^\]]{0,999}\]?$/.test(lastLine))
  if (definitionStart && onlyDefinitionsBefore(lines, leafStart(lines), last)) {
    // A link reference definition renders nothing: never show it half-typed as a paragraph. It can
    // start a leaf or follow other definitions (a paragraph line before it would make it text).
    return repairBlock(lines.slice(0, -1).join('\n'), options)
  }
  const item = matchListMarker(content)
  const itemText = item ? content.slice(itemContentStart(content)) : ''
  if (item && itemText && /^\[(?:[^\\\]]|\\.){1,999}\]:/.test(itemText) && leafStart(lines) === last) {
    // `- [#12]: Fixed ...` parses as a definition (nothing) until the line has more than a URL.
    const marker = lastLine.slice(0, lastLine.length - itemText.length).trimEnd()
    return repairBlock([...lines.slice(0, -1), marker].join('\n'), options)
  }
  const task = partialTaskMarker.exec(content)
  if (task) {
    // `- [x` may become a checkbox: hold the bracket, keep the list item.
    const marker = lastLine.slice(0, lastLine.length - content.length) + (task[1] ?? '')
    return repairBlock([...lines.slice(0, -1), marker.trimEnd()].join('\n'), options)
  }
  return repairTail(lines, options, false)
}

const definitionHead = /^ {0,3}\[(?:[^\\\]]|\\.){1,999}\]:[ \t]*(\S?)/
const definitionTitle = /^[ \t]*["'(]/

/** True when the lines from `start` to before `end` are link reference definitions (with their titles). */
function onlyDefinitionsBefore(lines: readonly string[], start: number, end: number): boolean {
  for (let index = start; index < end; index += 1) {
    const head = definitionHead.exec(lines[index] ?? '')
    if (head) {
      // The destination on the next line.
      if (!head[1]) index += 1
      continue
    }
    if (index === start || !definitionTitle.test(lines[index] ?? '')) return false
  }
  return true
}

/** Index in `line` (a list item's first line) where the item's text starts, after the marker and its spaces. */
function itemContentStart(line: string): number {
  return /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]*/.exec(line)?.[0].length ?? 0
}

/** The block ends with a newline: its last line is complete, only tables and inline need repair. */
function repairCompleteTail(block: string, options: RepairOptions): string {
  return repairTail(block.split('\n'), options, true)
}

function repairTail(lines: string[], options: RepairOptions, lastLineComplete: boolean): string {
  const last = lines.length - 1
  // Tables in quotes and list items: their rows are read without the `>` markers and indentation.
  const { prefix, content: lastLine } = stripContainers(lines[last] ?? '')
  const previous = last > 0 ? stripContainers(lines[last - 1] ?? '').content : undefined
  const startsBlock = (line: string | undefined) => line === undefined || isBlankLine(line)
  // A table starts after a blank line, or interrupts a paragraph of the same quote; never a list
  // item's paragraph, where the row is a lazy continuation line.
  const startsTable = (row: number) => {
    const before = row > 0 ? stripContainers(lines[row - 1] ?? '').content : undefined
    if (startsBlock(before)) return true
    if (tableRow.test(before ?? '') || quoteDepth(lines[row] ?? '') !== quoteDepth(lines[row - 1] ?? ''))
      return false
    for (let index = 0; index < row; index += 1) {
      if (matchListMarker(stripContainers(lines[index] ?? '').content)) return false
    }
    return true
  }

  // A delimiter row being typed under a header row: show the table now.
  if (
    previous !== undefined &&
    tableRow.test(previous) &&
    startsTable(last - 1) &&
    delimiterRowPrefix.test(lastLine) &&
    /[|-]/.test(lastLine)
  ) {
    const cells = countCells(previous)
    if (cells > 0) return [...lines.slice(0, -1), prefix + delimiterRow(cells)].join('\n')
  }
  const start = leafStart(lines)
  const head = lines.slice(0, start).join('\n')
  const joiner = start > 0 ? '\n' : ''
  const leaf = lines.slice(start).join('\n')

  if (tableRow.test(lastLine) && start === last) {
    // A table row: repair only its last cell. A header row alone gets a delimiter row at once. A
    // trailing backslash may escape the next pipe, even inside code (`a\|b` is one cell): held.
    const rowText =
      !lastLineComplete && /(?:^|[^\\])(?:\\\\)*\\$/.test(lastLine) ? lastLine.slice(0, -1) : lastLine
    const cellStart = lastUnescapedPipe(rowText) + 1
    const cell = repairInline(holdMath(rowText.slice(cellStart), options), options, lastLineComplete)
    let row = rowText.slice(0, cellStart) + cell
    if (cell.trim().length === 0 && !lastLineComplete) row = row.trimEnd()
    if (startsTable(last)) {
      const cells = countCells(row)
      if (cells === 0) return start > 0 ? repairBlock(head, options) : ''
      return `${head}${joiner}${prefix}${row}\n${prefix}${delimiterRow(cells)}`
    }
    return `${head}${joiner}${prefix}${row}`
  }
  const repaired = repairInline(holdMath(leaf, options), options, lastLineComplete)
  // Everything after the previous line was held: that line is now the tail and may need repair.
  if (repaired.length === 0) return start > 0 ? repairBlock(head, options) : ''
  return `${head}${joiner}${repaired}`
}

/** With math on, an inline `$` formula still open is held back before the inline repair runs. */
function holdMath(text: string, options: RepairOptions): string {
  return (options.math ?? DEFAULT_REPAIR_OPTIONS.math) ? holdOpenInlineMath(text) : text
}

function lastUnescapedPipe(line: string): number {
  let index = line.lastIndexOf('|')
  while (index > 0 && line[index - 1] === '\\') index = line.lastIndexOf('|', index - 2)
  return index
}

/** Inside an open fence: a last line of markers alone may become the closer, so it is held. */
function holdFenceCloser(block: string, marker: '`' | '~'): string {
  const lineStart = block.lastIndexOf('\n') + 1
  const pattern = marker === '`' ? /^[ \t>]*`+[ \t]*$/ : /^[ \t>]*~+[ \t]*$/
  return pattern.test(block.slice(lineStart)) ? block.slice(0, lineStart) : block
}

/**
 * `repairBlock` for the open block of a split: when the splitter found the block ends in an open
 * code fence, only the last line needs a look (the parser closes the fence at the end of the text).
 */
export function repairOpenBlock(block: MarkdownBlock, options: RepairOptions = {}): string {
  const fence = block.openFence
  return fence ? holdFenceCloser(block.text, fence.marker) : repairBlock(block.text, options)
}

/**
 * Repairs a streaming markdown text: only the last block is touched (see `repairBlock`).
 * `repairMarkdown(repairMarkdown(x)) === repairMarkdown(x)`.
 */
export function repairMarkdown(text: string, options: RepairOptions = {}): string {
  const { blocks } = splitBlocks(text, { math: options.math ?? DEFAULT_REPAIR_OPTIONS.math })
  const open = blocks[blocks.length - 1]
  if (!open) return text
  return text.slice(0, open.start) + repairOpenBlock(open, options)
}
