// Where the top-level block boundaries of a streaming text fall, found incrementally: one scan over
// the new lines, keeping the state of fences, HTML blocks, math and lists between calls.
import {
  isBlankLine,
  isFenceCloser,
  isThematicBreak,
  matchFenceOpener,
  matchHtmlBlock,
  matchListMarker,
  measureIndent,
} from '../line-syntax.js'
import { extendsText } from '../text.js'
import { describeBlock, type MarkdownBlock, type OpenFence } from './block-description.js'

export type { MarkdownBlock, MarkdownBlockKind, OpenFence } from './block-description.js'

export interface BlockSplit {
  readonly text: string
  readonly blocks: readonly MarkdownBlock[]
  /** Every link reference definition seen so far (first definition of a label wins). */
  readonly definitions: ReadonlyMap<string, string>
  /** Footnote label -> index of the block that defines it. */
  readonly footnoteDefinitions: ReadonlyMap<string, number>
}

export interface BlockSplitterOptions {
  /** Treat `$$` lines as math fences (remark-math), so blank lines inside them do not split. @default false */
  readonly math?: boolean
}

export interface BlockSplitter {
  /**
   * Splits `text`. When `text` extends the previous call's text, only the open block and the new
   * text are scanned; settled blocks are returned as the same objects.
   */
  split(text: string, final?: boolean): BlockSplit
  /** Forgets everything (the next call scans from the start). */
  reset(): void
}

interface ScanState {
  /** An open code fence, with offsets in the whole text. */
  fence: OpenFence | undefined
  /** Terminator of an open HTML block of kinds 1-5, or `blank` for kinds 6 and 7. */
  htmlEnd: RegExp | 'blank' | undefined
  math: boolean
  /** A list is (possibly) still open: a list item after a blank line continues it. */
  listOpen: boolean
  listContentIndent: number
  previousBlank: boolean
  /** The previous line was paragraph text, so a following unindented line may be a lazy continuation. */
  previousParagraph: boolean
}

function initialState(): ScanState {
  return {
    fence: undefined,
    htmlEnd: undefined,
    math: false,
    listOpen: false,
    listContentIndent: 0,
    previousBlank: false,
    previousParagraph: false,
  }
}

function createBlock(
  text: string,
  start: number,
  end: number,
  settled: boolean,
  final = settled,
  openFence?: OpenFence,
): MarkdownBlock {
  const slice = text.slice(start, end)
  return { key: String(start), start, end, text: slice, settled, ...describeBlock(slice, final), openFence }
}

/** Could the start of this (maybe partial) line still become a list item? */
function mayBeListItem(partial: string): boolean {
  const first = partial[0]
  if (first === '-' || first === '+' || first === '*') {
    return partial.length === 1 || partial[1] === ' ' || partial[1] === '\t'
  }
  const digits = /^\d{0,9}/.exec(partial)?.[0].length ?? 0
  if (digits === 0) return false
  if (digits === partial.length) return true
  const after = partial[digits]
  if (after !== '.' && after !== ')') return false
  return partial.length === digits + 1 || partial[digits + 1] === ' ' || partial[digits + 1] === '\t'
}

/** True when a top-level block boundary falls just before `line` (which may be partial). */
function isBoundary(state: ScanState, line: string, complete: boolean): boolean {
  if (line.length === 0) return false
  const first = line.charCodeAt(0)
  if (first === 32 || first === 9 || first === 13) return false
  // An unindented line ends a list item, and a fence inside it (fences are never lazy).
  const fenceOpen = state.fence !== undefined && !state.fence.list
  if (!state.previousBlank || fenceOpen || state.htmlEnd || state.math) return false
  if (state.fence?.list) return true
  if (!state.listOpen) return true
  return complete ? matchListMarker(line) === undefined : !mayBeListItem(line)
}

/** Advances the scan state over one complete line, which starts at `lineStart` in the text. */
function scanLine(state: ScanState, line: string, lineStart: number, math: boolean): void {
  const blank = isBlankLine(line)
  const indent = measureIndent(line)
  const fence = state.fence
  if (fence) {
    if (fence.list && !blank && indent.columns === 0) {
      // An unindented line ends the list item, and with it the fence (fences are never lazy).
      state.fence = undefined
      state.listOpen = false
    } else {
      if (isFenceCloser(line, fence) && (fence.list || indent.columns <= 3)) state.fence = undefined
      state.previousBlank = blank
      state.previousParagraph = false
      return
    }
  }
  if (state.htmlEnd) {
    if (state.htmlEnd === 'blank' ? blank : state.htmlEnd.test(line)) state.htmlEnd = undefined
    state.previousBlank = blank
    state.previousParagraph = false
    return
  }
  if (state.math) {
    if (/^ {0,3}\$\$[ \t\r]*$/.test(line)) state.math = false
    state.previousBlank = blank
    state.previousParagraph = false
    return
  }
  if (blank) {
    state.previousBlank = true
    state.previousParagraph = false
    return
  }
  const wasBlank = state.previousBlank
  state.previousBlank = false
  if (wasBlank && indent.columns === 0 && !(state.listOpen && matchListMarker(line))) state.listOpen = false

  const inListItem = state.listOpen && indent.columns >= state.listContentIndent
  const opener = indent.columns <= 3 || inListItem ? matchFenceOpener(line) : undefined
  if (opener) {
    state.fence = {
      ...opener,
      list: inListItem && indent.columns > 0,
      start: lineStart,
      contentStart: lineStart + line.length + 1,
    }
    if (!inListItem) state.listOpen = false
    state.previousParagraph = false
    return
  }
  if (math && indent.columns <= 3 && /^\$\$[^$]*$/.test(line.slice(indent.chars))) {
    state.math = true
    if (!inListItem) state.listOpen = false
    state.previousParagraph = false
    return
  }
  // Kinds 6 and 7 end at a blank line, so they never hold a boundary; a fence line inside is HTML.
  const htmlEnd =
    indent.columns <= 3 && line[indent.chars] === '<'
      ? matchHtmlBlock(line.slice(indent.chars), state.previousParagraph)
      : undefined
  if (htmlEnd) {
    const rest = line.slice(indent.chars + 2)
    if (htmlEnd === 'blank' || !htmlEnd.test(rest)) state.htmlEnd = htmlEnd
    if (!inListItem) state.listOpen = false
    state.previousParagraph = false
    return
  }
  const marker = indent.columns <= 3 ? matchListMarker(line) : undefined
  if (marker) {
    state.listOpen = true
    state.listContentIndent = marker.contentIndent
    state.previousParagraph = true
    return
  }
  if (indent.columns < state.listContentIndent && state.listOpen) {
    // An unindented line keeps the list open only as a lazy paragraph continuation.
    const rest = line.slice(indent.chars)
    const interrupts = /^(#{1,6}(?:[ \t]|$)|>|<)/.test(rest) || isThematicBreak(line)
    if (interrupts || !state.previousParagraph) state.listOpen = false
  }
  const rest = line.slice(indent.chars)
  state.previousParagraph = indent.columns >= 4 ? state.previousParagraph : !/^#{1,6}(?:[ \t]|$)/.test(rest)
  if (isThematicBreak(line)) state.previousParagraph = false
}

/** The fence still open at the end of the text (offsets from `openStart`), unless the partial last line ends it. */
function openFenceAt(
  state: ScanState,
  text: string,
  lineStart: number,
  openStart: number,
): OpenFence | undefined {
  const fence = state.fence
  if (!fence || fence.start < openStart) return undefined
  const tail = text.slice(lineStart)
  // A closer ends any fence, even before its newline; an unindented line ends a fence in a list item.
  const closes = isFenceCloser(tail, fence) && (fence.list || measureIndent(tail).columns <= 3)
  if (closes || (fence.list && /^[^ \t\r]/.test(tail))) return undefined
  return { ...fence, start: fence.start - openStart, contentStart: fence.contentStart - openStart }
}

/** The splitter's defaults. */
export const DEFAULT_BLOCK_SPLITTER_OPTIONS = Object.freeze({ math: false })

/**
 * An incremental splitter of markdown into top-level blocks. A boundary is a blank line followed by
 * an unindented line outside fences, HTML blocks, math and (for list items) open lists, so each
 * block parses alone exactly as it does inside the document; reference definitions and footnotes
 * are collected separately so they never force the document into one block.
 */
export function createBlockSplitter(options: BlockSplitterOptions = {}): BlockSplitter {
  const math = options.math ?? DEFAULT_BLOCK_SPLITTER_OPTIONS.math
  let previousText = ''
  let settled: MarkdownBlock[] = []
  let openStart = 0
  let scanPosition = 0
  let state = initialState()
  let definitions = new Map<string, string>()
  let footnoteDefinitions = new Map<string, number>()
  let lastResult: BlockSplit | undefined
  let lastFinal = false

  function reset(): void {
    previousText = ''
    settled = []
    openStart = 0
    scanPosition = 0
    state = initialState()
    definitions = new Map()
    footnoteDefinitions = new Map()
    lastResult = undefined
  }

  function settle(text: string, end: number): void {
    if (end <= openStart) return
    const block = createBlock(text, openStart, end, true)
    const index = settled.length
    settled.push(block)
    for (const [label, source] of block.definitions)
      if (!definitions.has(label)) definitions.set(label, source)
    for (const label of block.footnoteLabels)
      if (!footnoteDefinitions.has(label)) footnoteDefinitions.set(label, index)
    openStart = end
  }

  function split(text: string, final = false): BlockSplit {
    if (lastResult && text === previousText && final === lastFinal) return lastResult
    lastFinal = final
    if (!extendsText(text, previousText)) reset()
    previousText = text
    let newline = text.indexOf('\n', scanPosition)
    while (newline !== -1) {
      const line = text.slice(scanPosition, newline)
      if (isBoundary(state, line, true)) settle(text, scanPosition)
      scanLine(state, line, scanPosition, math)
      scanPosition = newline + 1
      newline = text.indexOf('\n', scanPosition)
    }
    if (scanPosition < text.length && isBoundary(state, text.slice(scanPosition, scanPosition + 16), false)) {
      settle(text, scanPosition)
    }
    const open = createBlock(
      text,
      openStart,
      text.length,
      false,
      final,
      openFenceAt(state, text, scanPosition, openStart),
    )
    const blocks = open.text.length > 0 || settled.length === 0 ? [...settled, open] : [...settled]
    let allDefinitions: ReadonlyMap<string, string> = definitions
    let allFootnotes: ReadonlyMap<string, number> = footnoteDefinitions
    if (open.definitions.size > 0) {
      const merged = new Map(definitions)
      for (const [label, source] of open.definitions) if (!merged.has(label)) merged.set(label, source)
      allDefinitions = merged
    }
    if (open.footnoteLabels.length > 0) {
      const merged = new Map(footnoteDefinitions)
      for (const label of open.footnoteLabels) if (!merged.has(label)) merged.set(label, settled.length)
      allFootnotes = merged
    }
    lastResult = { text, blocks, definitions: allDefinitions, footnoteDefinitions: allFootnotes }
    return lastResult
  }

  return { split, reset }
}

/** One-shot split of a whole text. */
export function splitBlocks(text: string, options?: BlockSplitterOptions): BlockSplit {
  return createBlockSplitter(options).split(text)
}
