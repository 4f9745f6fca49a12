// Footnote numbers across blocks: each block is parsed alone, so the numbers (and the ids of
// repeated references) the whole document would give are handed out here, in document order.
import { type MarkdownBlock as Block, type BlockSplit, normalizeLabel } from '../index.js'

/** Footnote numbers handed out so far: the order of first references and the count per label. */
export interface Numbering {
  readonly order: Map<string, number>
  readonly counts: Map<string, number>
}

/** A block's footnote numbering (label -> [number, references before the block]) and its footnote labels in order. */
export interface Numbered {
  readonly numbers: Readonly<Record<string, readonly [number, number]>>
  readonly labels: readonly string[]
}

export const unnumbered: Numbered = { numbers: {}, labels: [] }

/** Footnote numbering a block gets (committing it to `numbering` when `commit`), and its footnote labels. */
export function numberBlock(
  block: Block,
  split: BlockSplit,
  streaming: boolean,
  numbering: Numbering,
  commit: boolean,
): Numbered {
  if (block.footnoteReferences.length === 0) return unnumbered
  const order = commit ? numbering.order : new Map(numbering.order)
  const counts = commit ? numbering.counts : new Map(numbering.counts)
  const own: Record<string, [number, number]> = {}
  const labels: string[] = []
  for (const label of block.footnoteReferences) {
    if (!streaming && !split.footnoteDefinitions.has(label)) continue
    if (!(label in own)) {
      if (!order.has(label)) order.set(label, order.size + 1)
      own[label] = [order.get(label) ?? 0, counts.get(label) ?? 0]
      labels.push(label)
    }
    counts.set(label, (counts.get(label) ?? 0) + 1)
  }
  return { numbers: own, labels }
}

/** The lines of one footnote definition in a block of footnote definitions, up to the next definition. */
export function cutFootnoteDefinition(text: string, label: string): string | undefined {
  const lines: string[] = []
  for (const line of text.split('\n')) {
    const start = /^\[\^([^\]\s]{1,999})\]:/.exec(line)
    if (start && lines.length > 0) break
    if (start ? normalizeLabel(start[1] ?? '') === label : lines.length > 0) lines.push(line)
  }
  return lines.length > 0 ? lines.join('\n').trimEnd() : undefined
}

/**
 * The numbering a block renders with, as JSON (compared by value): a third element marks a
 * reference whose definition has not arrived yet (rendered as a pending superscript).
 */
export function encodeNumbering(numbered: Numbered, split: BlockSplit, streaming: boolean): string {
  if (numbered.labels.length === 0) return ''
  const encoded: Record<string, readonly number[]> = {}
  for (const [label, entry] of Object.entries(numbered.numbers)) {
    const pending = streaming && !split.footnoteDefinitions.has(label)
    encoded[label] = pending ? [...entry, 1] : entry
  }
  return JSON.stringify(encoded)
}
