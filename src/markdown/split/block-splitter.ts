import {
  isBlankLine,
  isFenceCloser,
  isThematicBreak,
  matchFenceOpener,
  matchHtmlBlock,
  matchHtmlBlockStart,
  matchListMarker,
  measureIndent,
  normalizeLabel,
} from '../line-syntax.js'
import { extendsText } from '../text.js'
import { type ReferenceUse, scanReferences } from './reference-scan.js'

/** What a block holds, as far as rendering the document around it is concerned. */
export type MarkdownBlockKind = 'content' | 'definitions' | 'footnote-definitions'

/** One top-level slice of the document that parses the same on its own as inside the whole text. */
export interface MarkdownBlock {
  /** Stable identity: the offset where the block starts (blocks never move once settled). */
  readonly key: string
  readonly start: number
  readonly end: number
  readonly text: string
  /** False for the last block, which may still grow. */
  readonly settled: boolean
  /** `definitions` and `footnote-definitions` blocks render nothing where they stand. */
  readonly kind: MarkdownBlockKind
  /** Normalised labels of `[...]` brackets that may be reference links (resolved against definitions). */
  readonly linkLabels: readonly string[]
  /** Normalised footnote labels referenced outside code, in order, with repeats. */
  readonly footnoteReferences: readonly string[]
  /** Reference links and images outside code (full, collapsed, shortcut), in order. */
  readonly references: readonly ReferenceUse[]
  /** Bracket pairs that are links for sure, and that stay text (see `ReferenceScan`). */
  readonly brackets: { readonly links: number; readonly literals: number }
  /** Link reference definitions at the start of the block: label -> source line(s). */
  readonly definitions: ReadonlyMap<string, string>
  /** Footnote labels defined in this block. */
  readonly footnoteLabels: readonly string[]
  /** The code fence the block ends inside, still open (only ever on the last block). */
  readonly openFence: OpenFence | undefined
}

/** A code fence still open at the end of the text, as the splitter found it (offsets in the block's text). */
export interface OpenFence {
  readonly marker: '`' | '~'
  /** Length of the opener's run of markers (a closer needs at least as many). */
  readonly length: number
  /** The info string (language and meta), trimmed. */
  readonly info: string
  /** Columns of indentation before the opener. */
  readonly indent: number
  /** The fence is inside a list item. */
  readonly list: boolean
  /** Where the opener line starts. */
  readonly start: number
  /** Where the code starts: just after the opener line's newline. */
  readonly contentStart: number
}

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

const definitionLine = /^ {0,3}\[((?:[^\\\]]|\\.){1,999})\]:[ \t]*(\S?)/
const titleLine = /^[ \t]*["'(]/
/** The start of a line that may still become a link reference definition. */
const partialDefinition = /^ {0,3}\[(?:[^\\\]]|\\.){0,999}(?:\]|\]:.*)?$/
const footnoteDefinitionLine = /^\[\^([^\]\s]{1,999})\]:/
const bracketLabel = /\[([^[\]\n]{1,999})\]/g

function describeBlock(
  text: string,
  complete: boolean,
): Omit<MarkdownBlock, 'key' | 'start' | 'end' | 'text' | 'settled' | 'openFence'> {
  const scan = scanReferences(text)
  const linkLabels = new Set<string>()
  for (const match of text.matchAll(bracketLabel)) {
    const label = match[1] ?? ''
    if (!label.startsWith('^')) linkLabels.add(normalizeLabel(label))
  }

  const definitions = new Map<string, string>()
  const footnoteLabels: string[] = []
  const lines = text.split('\n')
  // Only complete lines can be definitions: a half-streamed URL must not become a link target elsewhere.
  const completeLines = complete ? lines : lines.slice(0, -1)
  let kind: MarkdownBlockKind = 'content'
  const firstLine = lines.find((line) => !isBlankLine(line)) ?? ''
  if (footnoteDefinitionLine.test(firstLine)) {
    kind = 'footnote-definitions'
    for (const line of lines) {
      const match = footnoteDefinitionLine.exec(line)
      if (match) footnoteLabels.push(normalizeLabel(match[1] ?? ''))
      else if (interruptsFootnote(line)) kind = 'content'
    }
  } else {
    let onlyDefinitions = true
    /** The label of the definition just read, when it was the first of its label (a title line may follow). */
    let lastLabel: string | undefined
    let afterDefinition = false
    for (let index = 0; index < lines.length; index += 1) {
      const line = lines[index] ?? ''
      if (isBlankLine(line)) continue
      if (index >= completeLines.length) {
        // The line still streaming: it may yet be a definition (or the title of the last one).
        const maybe = partialDefinition.test(line) || (afterDefinition && titleLine.test(line))
        if (!maybe) onlyDefinitions = false
        break
      }
      const match = definitionLine.exec(line)
      if (match) {
        let source = line
        if (!match[2]) {
          // The destination is on the next line (`[label]:` then the URL, indented or not).
          const next = lines[index + 1] ?? ''
          if (index + 1 >= completeLines.length) break
          if (isBlankLine(next)) {
            onlyDefinitions = false
            break
          }
          source += `\n${next}`
          index += 1
        }
        const label = normalizeLabel(match[1] ?? '')
        lastLabel = definitions.has(label) ? undefined : label
        if (lastLabel !== undefined) definitions.set(label, source)
        afterDefinition = true
        continue
      }
      if (afterDefinition && titleLine.test(line)) {
        if (lastLabel !== undefined) definitions.set(lastLabel, `${definitions.get(lastLabel)}\n${line}`)
        lastLabel = undefined
        afterDefinition = false
        continue
      }
      onlyDefinitions = false
      break
    }
    if (onlyDefinitions && definitions.size > 0) kind = 'definitions'
  }
  return {
    kind,
    linkLabels: [...linkLabels],
    footnoteReferences: scan.footnotes,
    references: scan.references,
    brackets: { links: scan.links, literals: scan.literals },
    definitions,
    footnoteLabels,
  }
}

/** An unindented line that ends a footnote definition's paragraph and renders in place. */
function interruptsFootnote(line: string): boolean {
  if (line.length === 0 || line[0] === ' ' || line[0] === '\t') return false
  return (
    matchFenceOpener(line) !== undefined ||
    matchListMarker(line) !== undefined ||
    matchHtmlBlockStart(line) !== undefined ||
    isThematicBreak(line) ||
    /^(#{1,6}(?:[ \t]|$)|>|<|\|)/.test(line)
  )
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
  const indent = measureIndent(tail).columns
  // An unindented line ends a fence in a list item; a closer ends any fence, even before its newline.
  if (fence.list && tail.length > 0 && indent === 0 && !isBlankLine(tail)) return undefined
  if (tail.length > 0 && isFenceCloser(tail, fence) && (fence.list || indent <= 3)) return undefined
  return { ...fence, start: fence.start - openStart, contentStart: fence.contentStart - openStart }
}

/**
 * An incremental splitter of markdown into top-level blocks. A boundary is a blank line followed by
 * an unindented line outside fences, HTML blocks, math and (for list items) open lists, so each
 * block parses alone exactly as it does inside the document; reference definitions and footnotes
 * are collected separately so they never force the document into one block.
 */
export function createBlockSplitter(options: BlockSplitterOptions = {}): BlockSplitter {
  const math = options.math ?? false
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
