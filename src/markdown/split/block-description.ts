// What a block holds, read from its text alone: its kind (content, link definitions, footnote
// definitions), the definitions it makes and the references and labels it uses.
import {
  isBlankLine,
  isThematicBreak,
  matchFenceOpener,
  matchHtmlBlockStart,
  matchListMarker,
  normalizeLabel,
} from '../line-syntax.js'
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

const definitionLine = /^ {0,3}\[((?:[^\\\]]|\\.){1,999})\]:[ \t]*(\S?)/
const titleLine = /^[ \t]*["'(]/
/** The start of a line that may still become a link reference definition. */
const partialDefinition = /^ {0,3}\[(?:[^\\\]]|\\.){0,999}(?:\]|\]:.*)?$/
const footnoteDefinitionLine = /^\[\^([^\]\s]{1,999})\]:/
const bracketLabel = /\[([^[\]\n]{1,999})\]/g

export function describeBlock(
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
