// What StreamingMarkdown renders for each block, planned incrementally: settled blocks once (and
// again when a definition they use arrives), the open block on every update, and the footnotes.
import type { MarkdownBlock as Block, BlockSplit } from '../index.js'
import { type BlockRender, type PlanInputs, renderBlock } from './block-render.js'
import { cutFootnoteDefinition, type Numbered, type Numbering, numberBlock } from './footnote-numbering.js'
import { createFootnotePlanner } from './footnote-planner.js'
import { pendingReferences } from './pending-references.js'

export type { BlockRender } from './block-render.js'

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
  /** The footnote whose definition is still streaming (its back-links are held until it settles). */
  readonly openFootnote: string | undefined
}

/**
 * Plans the document incrementally: each settled block is planned once, when it settles, and again
 * only when a link or footnote definition it uses arrives. An update plans the open block and
 * appends what settled since the last one, so its cost follows the new text, not the document.
 */
export interface DocumentPlanner {
  plan(split: BlockSplit, streaming: boolean): DocumentRender
}

export function createDocumentPlanner(math: boolean): DocumentPlanner {
  let streamingNow = false
  /** Settled blocks planned so far (a prefix of the split's blocks). */
  let planned: Block[] = []
  let renders: BlockRender[] = []
  /** Footnote numbering of each render and the reference style before it (kept to plan it again unchanged). */
  let numberings: Numbered[] = []
  let styles: boolean[] = []
  let groups: (readonly BlockRender[])[] = []
  let numbering: Numbering = { order: new Map(), counts: new Map() }
  /** Link label -> indexes in `renders` of the blocks that mention it. */
  let labelUsers = new Map<string, number[]>()
  /** Footnote label -> indexes in `renders` of the blocks that reference it. */
  let footnoteUsers = new Map<string, number[]>()
  let definitionCount = 0
  let footnoteDefinitionCount = 0
  /** Footnote label -> its definition's source, once cut from the settled block defining it (null: none to cut). */
  let footnoteSources = new Map<string, string | null>()
  /** The settled blocks showed that the document writes reference links. */
  let referenceStyle = false
  /** Complete bracket pairs of settled blocks that became links, and that stayed text. */
  let brackets = { links: 0, literals: 0 }
  const footnotes = createFootnotePlanner(math)

  function reset(streaming: boolean): void {
    streamingNow = streaming
    planned = []
    renders = []
    numberings = []
    styles = []
    groups = []
    numbering = { order: new Map(), counts: new Map() }
    labelUsers = new Map()
    footnoteUsers = new Map()
    definitionCount = 0
    footnoteDefinitionCount = 0
    footnoteSources = new Map()
    referenceStyle = false
    brackets = { links: 0, literals: 0 }
    footnotes.reset()
  }

  function addUser(users: Map<string, number[]>, label: string, index: number): void {
    const list = users.get(label)
    if (list) list.push(index)
    else users.set(label, [index])
  }

  function refreshGroup(group: number): void {
    groups = [...groups]
    groups[group] = renders.slice(group * groupSize, (group + 1) * groupSize)
  }

  function settle(block: Block, inputs: PlanInputs): void {
    planned.push(block)
    footnotes.settle(block, referenceStyle)
    if (block.kind !== 'content') {
      if (block.definitions.size > 0) referenceStyle = true
      // The blocks calling these footnotes get their definitions now (instead of stubs).
      const users = new Set<number>()
      for (const label of block.footnoteLabels)
        for (const user of footnoteUsers.get(label) ?? []) users.add(user)
      if (inputs.streaming) replan(users, inputs)
      return
    }
    const index = renders.length
    const numbered = numberBlock(block, inputs.split, inputs.streaming, numbering, true)
    numberings.push(numbered)
    styles.push(referenceStyle)
    renders.push(renderBlock(block, inputs, false, numbered, referenceStyle))
    for (const label of block.linkLabels) addUser(labelUsers, label, index)
    for (const label of numbered.numbers.keys()) addUser(footnoteUsers, label, index)
    const pending = pendingReferences(block, inputs.split, referenceStyle)
    referenceStyle = pending.referenceStyle
    brackets.links += block.brackets.links + pending.shortcutLinks
    brackets.literals += block.brackets.literals + pending.shortcutLiterals
    refreshGroup(Math.floor(index / groupSize))
  }

  /** Plans settled blocks again (when a definition they use arrived, or the reference style turned). */
  function replan(indexes: Iterable<number>, inputs: PlanInputs): void {
    const changed = new Set<number>()
    for (const index of indexes) {
      const render = renders[index] as BlockRender
      const updated = renderBlock(
        render.block,
        inputs,
        false,
        numberings[index] as Numbered,
        styles[index] ?? false,
      )
      if (updated !== render) {
        renders[index] = updated
        changed.add(Math.floor(index / groupSize))
      }
    }
    for (const group of changed) refreshGroup(group)
  }

  /** New link or footnote definitions: plan again the settled blocks that use their labels. */
  function definitionsArrived(inputs: PlanInputs): void {
    const { definitions, footnoteDefinitions } = inputs.split
    if (definitions.size < definitionCount || footnoteDefinitions.size < footnoteDefinitionCount) {
      reset(inputs.streaming)
      return
    }
    const users = new Set<number>()
    const arrived = (labels: Iterable<string>, from: number, index: Map<string, number[]>) => {
      let position = 0
      for (const label of labels) {
        if (position++ < from) continue
        for (const user of index.get(label) ?? []) users.add(user)
      }
    }
    arrived(definitions.keys(), definitionCount, labelUsers)
    arrived(footnoteDefinitions.keys(), footnoteDefinitionCount, footnoteUsers)
    definitionCount = definitions.size
    footnoteDefinitionCount = footnoteDefinitions.size
    replan(users, inputs)
  }

  function footnoteDefinition(split: BlockSplit, streaming: boolean, label: string): string | undefined {
    const cached = footnoteSources.get(label)
    if (cached !== undefined) return cached ?? undefined
    const index = split.footnoteDefinitions.get(label)
    const block = index === undefined ? undefined : split.blocks[index]
    // Not cached until the defining block settles (or the text is final): it may still grow.
    if (!block || (!block.settled && streaming)) return undefined
    const source =
      block.kind === 'footnote-definitions' ? cutFootnoteDefinition(block.text, label) : undefined
    footnoteSources.set(label, source ?? null)
    return source
  }

  function plan(split: BlockSplit, streaming: boolean): DocumentRender {
    const done = planned.length
    if (streaming !== streamingNow || (done > 0 && split.blocks[done - 1] !== planned[done - 1])) {
      reset(streaming)
    }
    const last = split.blocks.at(-1)
    const openBlock = last && !last.settled ? last : undefined
    const settledCount = openBlock ? split.blocks.length - 1 : split.blocks.length
    // Settled first: the open block reads the document's reference style and brackets so far.
    const definitionOf = (label: string) => footnoteDefinition(split, streaming, label)
    const settledInputs: PlanInputs = {
      split,
      streaming,
      math,
      openBracket: 'link',
      referenceStyle,
      footnoteDefinition: definitionOf,
    }
    if (
      split.definitions.size !== definitionCount ||
      split.footnoteDefinitions.size !== footnoteDefinitionCount
    ) {
      definitionsArrived(settledInputs)
    }
    for (let index = planned.length; index < settledCount; index += 1) {
      settle(split.blocks[index] as Block, settledInputs)
    }
    // An open `[` shows as what most complete brackets of its block became, or (when it has none)
    // of the document so far: a table of `[options]` parameters in a README of links reads as text.
    const openPending = openBlock ? pendingReferences(openBlock, split, referenceStyle) : undefined
    const blockLinks = (openBlock?.brackets.links ?? 0) + (openPending?.shortcutLinks ?? 0)
    const blockLiterals = (openBlock?.brackets.literals ?? 0) + (openPending?.shortcutLiterals ?? 0)
    const local = blockLinks + blockLiterals > 0
    const links = local ? blockLinks : brackets.links
    const literals = local ? blockLiterals : brackets.literals
    const inputs: PlanInputs = {
      split,
      streaming,
      math,
      openBracket: links >= literals ? 'link' : 'literal',
      referenceStyle: openPending?.referenceStyle ?? referenceStyle,
      footnoteDefinition: definitionOf,
    }
    // The last block may still change: planned afresh each time, never committed.
    const open =
      openBlock?.kind === 'content'
        ? renderBlock(
            openBlock,
            inputs,
            streaming,
            numberBlock(openBlock, split, streaming, numbering, false),
            referenceStyle,
          )
        : undefined
    // An open block that shows nothing yet (a definition being typed) is not body text after the footnotes.
    const section = footnotes.plan(
      split,
      streaming,
      open?.empty === true ? undefined : openBlock,
      referenceStyle,
    )
    return {
      groups,
      settledCount: renders.length,
      open,
      footnoteSource: section.source,
      openFootnote: section.openLabel,
    }
  }

  return { plan }
}
