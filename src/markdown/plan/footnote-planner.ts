// The document's footnote section: one synthetic source (the references, in order, then every
// definition) rendered after the last block, as GitHub and remark-gfm place it.
import type { MarkdownBlock as Block, BlockSplit } from '../index.js'
import { repairOpenBlock } from '../repair/repair.js'
import { pendingDefinition, pendingReferences } from './pending-references.js'

/** `[^label]` not followed by `:` (a reference, not a definition). */
const footnoteReferencePattern = /\[\^[^\]\s]{1,999}\](?!:)/g

export interface FootnoteSection {
  /** Markdown that renders to the section (empty: no section now). */
  readonly source: string
  /** The label of the footnote definition still streaming (its back-links are held). */
  readonly openLabel: string | undefined
}

export interface FootnotePlanner {
  reset(): void
  /** Takes in a block that settled (in document order), read with the document's reference style before it. */
  settle(block: Block, referenceStyle: boolean): void
  plan(
    split: BlockSplit,
    streaming: boolean,
    open: Block | undefined,
    referenceStyle: boolean,
  ): FootnoteSection
}

/** No definitions: every reference that may be defined later counts as pending. */
const emptySplit: BlockSplit = {
  text: '',
  blocks: [],
  definitions: new Map(),
  footnoteDefinitions: new Map(),
}

export function createFootnotePlanner(math: boolean): FootnotePlanner {
  /** Footnote references of settled content blocks, in order, with repeats. */
  let references: string[] = []
  /** Distinct labels of `references`. */
  let referenced = new Set<string>()
  /** Footnote definition texts of settled blocks. */
  let texts: string[] = []
  /** Labels of references in those definitions that may still be defined (pending while streaming). */
  let referenceLabels = new Set<string>()
  /** Index (in settled blocks) of the last block defining footnotes, and of the last content block. */
  let lastDefinitions = -1
  let lastContent = -1
  let settledCount = 0
  let key = ''
  let source = ''
  /** Whether every referenced label is defined, for the counts it was computed at. */
  let coverage = { references: -1, definitions: -1, complete: false }

  /** A definition block's text as the section needs it. */
  function definitionText(block: Block, open: boolean): string {
    const text = open ? repairOpenBlock(block, { math }) : block.text
    // A content block that also defines footnotes: its own references are counted with the block
    // itself, so the footnote section must not see them a second time.
    return block.kind === 'content' ? text.replace(footnoteReferencePattern, '') : text
  }

  /** True when every footnote referenced so far has its definition (settled or streaming). */
  function allDefined(split: BlockSplit, openReferences: readonly string[]): boolean {
    const definitions = split.footnoteDefinitions
    if (coverage.references !== referenced.size || coverage.definitions !== definitions.size) {
      let complete = true
      for (const label of referenced) if (!definitions.has(label)) complete = false
      coverage = { references: referenced.size, definitions: definitions.size, complete }
    }
    return coverage.complete && openReferences.every((label) => definitions.has(label))
  }

  return {
    reset() {
      references = []
      referenced = new Set()
      texts = []
      referenceLabels = new Set()
      lastDefinitions = -1
      lastContent = -1
      settledCount = 0
      key = ''
      source = ''
      coverage = { references: -1, definitions: -1, complete: false }
    },

    settle(block, referenceStyle) {
      if (block.footnoteLabels.length > 0) {
        texts.push(definitionText(block, false))
        lastDefinitions = settledCount
        for (const label of pendingReferences(block, emptySplit, referenceStyle).labels)
          referenceLabels.add(label)
      }
      if (block.kind === 'content' && block.footnoteLabels.length === 0) lastContent = settledCount
      if (block.kind === 'content') {
        references.push(...block.footnoteReferences)
        for (const label of block.footnoteReferences) referenced.add(label)
      }
      settledCount += 1
    },

    plan(split, streaming, open, referenceStyle) {
      if (split.footnoteDefinitions.size === 0) return { source: '', openLabel: undefined }
      const openDefines = open !== undefined && open.footnoteLabels.length > 0
      const openReferences = open?.kind === 'content' ? open.footnoteReferences : []
      if (streaming) {
        // The section renders after the last block: while body text may still follow it, it waits.
        // It shows once the text is in footnote definitions after the last body block, and every
        // footnote referenced so far is defined (a definition in the middle of the body is usually
        // followed by references still undefined, and by more body).
        const lastBody = open?.kind === 'content' && !openDefines ? settledCount : lastContent
        const lastNotes = openDefines ? settledCount : lastDefinitions
        if (lastNotes < lastBody || !allDefined(split, openReferences))
          return { source: '', openLabel: undefined }
      }
      const openText = openDefines ? definitionText(open, streaming) : undefined
      // References in the definitions render as pending links too, until their own definitions arrive.
      const stubs: string[] = []
      if (streaming) {
        const labels = openDefines
          ? new Set([...referenceLabels, ...pendingReferences(open, emptySplit, referenceStyle).labels])
          : referenceLabels
        for (const label of labels) if (!split.definitions.has(label)) stubs.push(pendingDefinition(label))
      }
      const nextKey = [
        stubs.length,
        references.length,
        texts.length,
        split.footnoteDefinitions.size,
        split.definitions.size,
        openReferences.join(' '),
        openText ?? '',
      ].join('\u0000')
      if (nextKey !== key) {
        const shown = [...references, ...openReferences]
          .filter((label) => split.footnoteDefinitions.has(label))
          .map((label) => `[^${label}]`)
        const all = openText === undefined ? texts : [...texts, openText]
        key = nextKey
        source =
          shown.length > 0
            ? `${shown.join(' ')}\n\n${[...split.definitions.values(), ...stubs].join('\n\n')}\n\n${all.join('\n\n')}`
            : ''
      }
      return {
        source,
        // Only the last definition of the open block may still grow: its back-links wait.
        openLabel:
          streaming && open?.kind === 'footnote-definitions' ? open.footnoteLabels.at(-1) : undefined,
      }
    },
  }
}
