// What StreamingMarkdown renders for each block: the source a block is parsed from (the
// definitions it uses, then its text, repaired when it is the open block), planned once per block.
import {
  type MarkdownBlock as Block,
  type BlockSplit,
  INCOMPLETE_LINK_URL,
  normalizeLabel,
  repairBlock,
} from '../../markdown/index.js'

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
  readonly footnotes: string
}

/** Last render per block: a block planned again to the same source keeps its object (memo hits). */
const renderCache = new WeakMap<Block, BlockRender>()

/** Settled blocks are rendered in groups (one wrapper element each), so an update reconciles and lays out one group. */
export const groupSize = 64

export interface DocumentRender {
  /** Settled blocks in groups of `groupSize`; a group's array is replaced only when it changes. */
  readonly groups: readonly (readonly BlockRender[])[]
  /** Settled blocks that render (the open block is the next one). */
  readonly settledCount: number
  /** The block still streaming (rendered in the group after the settled ones). */
  readonly open: BlockRender | undefined
  readonly footnoteSource: string
  /** Footnotes whose definition is still streaming (their back-links are held until it settles). */
  readonly openFootnotes: string
}

const fullReference = /\]\[([^[\]\n]{1,999})\]/g
/** `[^label]` not followed by `:` (a reference, not a definition). */
const footnoteReferencePattern = /\[\^[^\]\s]{1,999}\](?!:)/g

/** Footnote numbers handed out so far: the order of first references and the count per label. */
interface Numbering {
  readonly order: Map<string, number>
  readonly counts: Map<string, number>
}

/** A block's footnote numbering (JSON, compared by value) and the stub definitions it needs. */
interface Numbered {
  readonly footnotes: string
  readonly stubs: readonly string[]
}

interface PlanInputs {
  readonly split: BlockSplit
  readonly streaming: boolean
  readonly math: boolean
}

/** Footnote numbering a block gets (committing it to `numbering` when `commit`), and the stub definitions it needs. */
function numberBlock(block: Block, inputs: PlanInputs, numbering: Numbering, commit: boolean): Numbered {
  if (block.footnoteReferences.length === 0) return { footnotes: '', stubs: [] }
  const order = commit ? numbering.order : new Map(numbering.order)
  const counts = commit ? numbering.counts : new Map(numbering.counts)
  const own: Record<string, [number, number]> = {}
  const stubs: string[] = []
  for (const label of block.footnoteReferences) {
    if (!inputs.streaming && !inputs.split.footnoteDefinitions.has(label)) continue
    if (!(label in own)) {
      if (!order.has(label)) order.set(label, order.size + 1)
      own[label] = [order.get(label) ?? 0, counts.get(label) ?? 0]
      stubs.push(`[^${label}]: -`)
    }
    counts.set(label, (counts.get(label) ?? 0) + 1)
  }
  return { footnotes: stubs.length > 0 ? JSON.stringify(own) : '', stubs }
}

/** The text one block is parsed from: the definitions it uses, then its (repaired, when open) text. */
function renderBlock(block: Block, inputs: PlanInputs, open: boolean, numbered: Numbered): BlockRender {
  const { split, streaming } = inputs
  const prefix: string[] = []
  for (const label of block.linkLabels) {
    const definition = split.definitions.get(label)
    if (definition !== undefined) prefix.push(definition)
  }
  if (streaming) {
    // `[text][label]` whose definition has not arrived yet: an inert link now, not raw brackets.
    const pending = new Set<string>()
    for (const match of block.text.matchAll(fullReference)) {
      const label = normalizeLabel(match[1] ?? '')
      if (label && !split.definitions.has(label)) pending.add(label)
    }
    for (const label of pending) prefix.push(`[${label}]: ${INCOMPLETE_LINK_URL}`)
  }
  prefix.push(...numbered.stubs)
  const head = prefix.length > 0 ? `${prefix.join('\n\n')}\n\n` : ''
  const text = open ? repairBlock(block.text, { math: inputs.math }) : block.text
  const render: BlockRender = {
    block,
    source: head + text,
    streamingFrom: open ? head.length + commonPrefixLength(text, block.text) : -1,
    footnotes: numbered.footnotes,
  }
  const previous = renderCache.get(block)
  if (
    previous !== undefined &&
    previous.source === render.source &&
    previous.streamingFrom === render.streamingFrom &&
    previous.footnotes === render.footnotes
  ) {
    return previous
  }
  renderCache.set(block, render)
  return render
}

/**
 * Plans the document incrementally: each settled block is planned once, when it settles, and again
 * only when a link definition it uses arrives. An update plans the open block and appends what
 * settled since the last one, so its cost follows the new text, not the document.
 */
export interface DocumentPlanner {
  plan(split: BlockSplit, streaming: boolean): DocumentRender
}

export function createDocumentPlanner(math: boolean): DocumentPlanner {
  let streamingNow = false
  /** Settled blocks planned so far (a prefix of the split's blocks). */
  let planned: Block[] = []
  let renders: BlockRender[] = []
  /** Footnote numbering of each render (kept so a render can be planned again unchanged). */
  let numberings: Numbered[] = []
  let groups: (readonly BlockRender[])[] = []
  let numbering: Numbering = { order: new Map(), counts: new Map() }
  /** Link label -> indexes in `renders` of the blocks that mention it. */
  let labelUsers = new Map<string, number[]>()
  let definitionCount = 0
  /** Footnote references of settled blocks, in order, with repeats. */
  let references: string[] = []
  /** Footnote definition texts of settled blocks. */
  let footnoteTexts: string[] = []
  let footnotesSeen = false
  let bodyAfterFootnotes = false
  let footnoteKey = ''
  let footnoteSource = ''

  function reset(streaming: boolean): void {
    streamingNow = streaming
    planned = []
    renders = []
    numberings = []
    groups = []
    numbering = { order: new Map(), counts: new Map() }
    labelUsers = new Map()
    definitionCount = 0
    references = []
    footnoteTexts = []
    footnotesSeen = false
    bodyAfterFootnotes = false
    footnoteKey = ''
    footnoteSource = ''
  }

  /** A definition block's text as the footnote section needs it. */
  function footnoteText(block: Block, open: boolean): string {
    const text = open ? repairBlock(block.text, { math }) : block.text
    // A content block that also defines footnotes: its own references are counted with the block
    // itself, so the footnote section must not see them a second time.
    return block.kind === 'content' ? text.replace(footnoteReferencePattern, '') : text
  }

  function refreshGroup(group: number): void {
    groups = [...groups]
    groups[group] = renders.slice(group * groupSize, (group + 1) * groupSize)
  }

  function settle(block: Block, inputs: PlanInputs): void {
    planned.push(block)
    if (block.footnoteLabels.length > 0) footnoteTexts.push(footnoteText(block, false))
    if (block.kind === 'footnote-definitions') footnotesSeen = true
    else if (block.kind === 'content' && footnotesSeen) bodyAfterFootnotes = true
    if (block.kind !== 'content') return
    references.push(...block.footnoteReferences)
    const index = renders.length
    const numbered = numberBlock(block, inputs, numbering, true)
    numberings.push(numbered)
    renders.push(renderBlock(block, inputs, false, numbered))
    for (const label of block.linkLabels) {
      const users = labelUsers.get(label)
      if (users) users.push(index)
      else labelUsers.set(label, [index])
    }
    refreshGroup(Math.floor(index / groupSize))
  }

  /** New link definitions: plan again the settled blocks that mention their labels. */
  function definitionsArrived(inputs: PlanInputs): void {
    const labels = [...inputs.split.definitions.keys()]
    if (labels.length < definitionCount) {
      reset(inputs.streaming)
      return
    }
    const changed = new Set<number>()
    for (const label of labels.slice(definitionCount)) {
      for (const index of labelUsers.get(label) ?? []) {
        const render = renders[index] as BlockRender
        const updated = renderBlock(render.block, inputs, false, numberings[index] as Numbered)
        if (updated !== render) {
          renders[index] = updated
          changed.add(Math.floor(index / groupSize))
        }
      }
    }
    definitionCount = labels.length
    for (const group of changed) refreshGroup(group)
  }

  /** The footnote section's source, rebuilt only when something it shows changed. */
  function footnotes(
    split: BlockSplit,
    streaming: boolean,
    open: Block | undefined,
    openText?: string,
  ): string {
    if (split.footnoteDefinitions.size === 0) return ''
    const bodyAfter = bodyAfterFootnotes || (footnotesSeen && open?.kind === 'content')
    // The section renders after the last block. While streaming it shows only once the text has
    // reached its footnotes; body text arriving after it would otherwise insert text above it.
    if (streaming && bodyAfter) return ''
    const openReferences = open?.kind === 'content' ? open.footnoteReferences : []
    const key = [
      references.length,
      footnoteTexts.length,
      split.footnoteDefinitions.size,
      split.definitions.size,
      openReferences.join(' '),
      openText ?? '',
    ].join('\u0000')
    if (key === footnoteKey) return footnoteSource
    const shown = [...references, ...openReferences]
      .filter((label) => split.footnoteDefinitions.has(label))
      .map((label) => `[^${label}]`)
    const texts = openText === undefined ? footnoteTexts : [...footnoteTexts, openText]
    footnoteKey = key
    footnoteSource =
      shown.length > 0
        ? `${shown.join(' ')}\n\n${[...split.definitions.values()].join('\n\n')}\n\n${texts.join('\n\n')}`
        : ''
    return footnoteSource
  }

  function plan(split: BlockSplit, streaming: boolean): DocumentRender {
    const done = planned.length
    if (streaming !== streamingNow || (done > 0 && split.blocks[done - 1] !== planned[done - 1])) {
      reset(streaming)
    }
    const inputs: PlanInputs = { split, streaming, math }
    if (split.definitions.size !== definitionCount) definitionsArrived(inputs)
    const last = split.blocks.at(-1)
    const openBlock = last && !last.settled ? last : undefined
    const settledCount = openBlock ? split.blocks.length - 1 : split.blocks.length
    for (let index = planned.length; index < settledCount; index += 1) {
      settle(split.blocks[index] as Block, inputs)
    }
    // The last block may still change: planned afresh each time, never committed.
    const openText =
      openBlock && openBlock.footnoteLabels.length > 0 ? footnoteText(openBlock, streaming) : undefined
    const open =
      openBlock?.kind === 'content'
        ? renderBlock(openBlock, inputs, streaming, numberBlock(openBlock, inputs, numbering, false))
        : undefined
    return {
      groups,
      settledCount: renders.length,
      open,
      footnoteSource: footnotes(split, streaming, openBlock, openText),
      openFootnotes:
        streaming && openBlock?.kind === 'footnote-definitions' ? openBlock.footnoteLabels.join(' ') : '',
    }
  }

  return { plan }
}
