// Footnote numbers across blocks: each block is parsed alone, so the numbers (and the ids of
// repeated references) the whole document would give are handed out here, in document order.
import { type MarkdownBlock as Block, type BlockSplit, normalizeLabel } from '../index.js'
import type { FootnoteNumber, FootnoteNumbering } from '../tree/rehype-stream.js'

/** Footnote numbers handed out so far: the order of first references and the count per label. */
export interface Numbering {
  readonly order: Map<string, number>
  readonly counts: Map<string, number>
}

/** A block's footnote numbering (label -> number and references before the block) and its footnote labels in order. */
export interface Numbered {
  readonly numbers: ReadonlyMap<string, Omit<FootnoteNumber, 'pending'>>
  readonly labels: readonly string[]
}

export const unnumbered: Numbered = { numbers: new Map(), labels: [] }

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
  const own = new Map<string, Omit<FootnoteNumber, 'pending'>>()
  for (const label of block.footnoteReferences) {
    if (!streaming && !split.footnoteDefinitions.has(label)) continue
    if (!own.has(label)) {
      if (!order.has(label)) order.set(label, order.size + 1)
      own.set(label, { number: order.get(label) ?? 0, before: counts.get(label) ?? 0 })
    }
    counts.set(label, (counts.get(label) ?? 0) + 1)
  }
  return { numbers: own, labels: [...own.keys()] }
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
 * The numbering a block renders with: a reference whose definition has not arrived yet is pending
 * (a superscript pointing nowhere). `previous` is returned when equal, so a memoised block whose
 * numbering did not change sees the same object.
 */
export function blockNumbering(
  numbered: Numbered,
  split: BlockSplit,
  streaming: boolean,
  previous: FootnoteNumbering | undefined,
): FootnoteNumbering | undefined {
  if (numbered.labels.length === 0) return undefined
  const numbering = new Map<string, FootnoteNumber>()
  let same = previous?.size === numbered.numbers.size
  for (const [label, entry] of numbered.numbers) {
    const pending = streaming && !split.footnoteDefinitions.has(label)
    const before = previous?.get(label)
    same &&= before?.number === entry.number && before.before === entry.before && before.pending === pending
    numbering.set(label, { ...entry, pending })
  }
  return same ? previous : numbering
}
