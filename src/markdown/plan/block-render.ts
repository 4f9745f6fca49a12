// One block's render plan: the source it is parsed from (the definitions it uses, then its text,
// repaired when it is the open block) and what its render needs besides; the same object while
// nothing of it changes, so the memoised block does not render again.
import type { MarkdownBlock as Block, BlockSplit } from '../index.js'
import { repairOpenBlock } from '../repair/repair.js'
import type { FootnoteNumbering } from '../tree/rehype-stream.js'
import { blockNumbering, type Numbered } from './footnote-numbering.js'
import { pendingDefinition, pendingReferences } from './pending-references.js'

function commonPrefixLength(left: string, right: string): number {
  const length = Math.min(left.length, right.length)
  // The repair mostly appends to the text, holds back its tail or leaves it as it is: one memory
  // compare then, where the loop below takes about 1 ms per 200 KB (an open code fence).
  if (left.slice(0, length) === right.slice(0, length)) return length
  let index = 0
  while (index < length && left.charCodeAt(index) === right.charCodeAt(index)) index += 1
  return index
}

export interface BlockRender {
  readonly block: Block
  readonly source: string
  readonly streamingFrom: number
  /**
   * Where, in `source`, the opener line of the code fence the source ends in starts (from the
   * splitter's `openFence`), or -1: a fence at the top level that the pipeline fills in without parsing.
   */
  readonly fenceStart: number
  /** Footnote numbers of the block's references; the same object while they do not change. */
  readonly footnotes: FootnoteNumbering | undefined
  /** Nothing of the block shows yet (the repair holds all of it). */
  readonly empty: boolean
}

/** Last render per block: a block planned again to the same source keeps its object (memo hits). */
const renderCache = new WeakMap<Block, BlockRender>()

export interface PlanInputs {
  readonly split: BlockSplit
  readonly streaming: boolean
  readonly math: boolean
  /** What an open `[` of the open block shows as (see `InlineRepairOptions.openBracket`). */
  readonly openBracket: 'link' | 'literal'
  /** The document writes reference links: a line starting with `[` may be a definition. */
  readonly referenceStyle: boolean
  /** The source of a footnote's definition once the block defining it has settled. */
  readonly footnoteDefinition: (label: string) => string | undefined
}

/**
 * The text one block is parsed from: the definitions it uses, then its (repaired, when open) text.
 * While streaming, a reference whose definition has not arrived gets a stand-in definition, so it
 * renders as the link it will become (without an href) rather than as raw brackets.
 */
export function renderBlock(
  block: Block,
  inputs: PlanInputs,
  open: boolean,
  numbered: Numbered,
  styleBefore: boolean,
): BlockRender {
  const { split, streaming } = inputs
  const prefix: string[] = []
  for (const label of block.linkLabels) {
    const definition = split.definitions.get(label)
    if (definition !== undefined) prefix.push(definition)
  }
  if (streaming) {
    for (const label of pendingReferences(block, split, styleBefore).labels)
      prefix.push(pendingDefinition(label))
  }
  // Footnotes the block calls: their definitions (so plugins see them), or a stub until one settles.
  for (const label of numbered.labels) prefix.push(inputs.footnoteDefinition(label) ?? `[^${label}]: -`)
  const head = prefix.length > 0 ? `${prefix.join('\n\n')}\n\n` : ''
  const text = open
    ? repairOpenBlock(block, {
        math: inputs.math,
        openBracket: inputs.openBracket,
        referenceDefinitions: inputs.referenceStyle,
      })
    : block.text
  const previous = renderCache.get(block)
  const fence = block.openFence
  const render: BlockRender = {
    block,
    source: head + text,
    streamingFrom: open ? head.length + commonPrefixLength(text, block.text) : -1,
    fenceStart: fence && fence.indent === 0 && !fence.list ? head.length + fence.start : -1,
    footnotes: blockNumbering(numbered, split, streaming, previous?.footnotes),
    empty: text.trim() === '',
  }
  if (
    previous !== undefined &&
    previous.source === render.source &&
    previous.streamingFrom === render.streamingFrom &&
    previous.fenceStart === render.fenceStart &&
    previous.footnotes === render.footnotes
  ) {
    return previous
  }
  renderCache.set(block, render)
  return render
}
