import { type ComponentPropsWithoutRef, forwardRef, memo, type ReactNode, useMemo, useState } from 'react'
import type { Components } from 'react-markdown'
import {
  type MarkdownBlock as Block,
  type BlockSplit,
  createBlockSplitter,
  createUrlPolicy,
  INCOMPLETE_LINK_URL,
  normalizeLabel,
  repairBlock,
} from '../markdown/index.js'
import type { CodeHighlighter } from './markdown/highlight.js'
import { FootnoteSection, MarkdownBlock } from './markdown/markdown-block.js'
import {
  createMarkdownPipeline,
  type MarkdownPipeline,
  type MathPlugins,
  type PluggableList,
} from './markdown/pipeline.js'
import type { AllowedHtml } from './markdown/rehype-safety.js'
import type { ConfirmExternalLink } from './markdown/safe-link.js'

export interface StreamingMarkdownProps
  extends Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'content'> {
  /** The markdown text so far. */
  content: string
  /** True while more text may arrive: the open tail is repaired and the caret shows. @default false */
  streaming?: boolean
  /** react-markdown component overrides (`a`, `img`, `pre` replace the safe defaults; URLs stay checked). */
  components?: Components
  /** Extra remark plugins (remark-gfm is always on). */
  remarkPlugins?: PluggableList
  /** Extra rehype plugins; the URL/HTML safety pass always runs after them. */
  rehypePlugins?: PluggableList
  /** Origins whose images load without a click (`'*'` for any). @default [] */
  allowedImageOrigins?: readonly string[]
  /** Protocols links may use. @default ['http:', 'https:', 'mailto:', 'tel:'] */
  allowedLinkProtocols?: readonly string[]
  /** `data:` image types allowed inline. @default png, jpeg, gif, webp, avif */
  allowedDataImageTypes?: readonly string[]
  /** Ask before opening off-site links: `true` uses `window.confirm`, or pass your own (async) dialog. @default false */
  confirmExternalLinks?: boolean | ConfirmExternalLink
  /** Raw HTML tags (optionally with their attributes) allowed to render; other HTML shows as text. @default none */
  allowedHtml?: AllowedHtml
  /** Math support: `{ remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] }`. @default off */
  math?: MathPlugins
  /** Show a caret after the streaming text. @default true */
  caret?: boolean
  /** Syntax highlighter for code blocks (see `createLazyHighlighter`). @default none */
  highlighter?: CodeHighlighter
  /** Copy button label. @default 'Copy' */
  copyLabel?: string
}

function shallowEqual(
  left: Readonly<Record<string, unknown>>,
  right: Readonly<Record<string, unknown>>,
): boolean {
  const leftKeys = Object.keys(left)
  if (leftKeys.length !== Object.keys(right).length) return false
  return leftKeys.every((key) => {
    const a = left[key]
    const b = right[key]
    if (Object.is(a, b)) return true
    if (Array.isArray(a) && Array.isArray(b))
      return a.length === b.length && a.every((item, i) => Object.is(item, b[i]))
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      return shallowEqual(a as Record<string, unknown>, b as Record<string, unknown>)
    }
    return false
  })
}

/** Keeps the previous object while the new one is shallowly equal (inline props must not re-render every block). */
function useShallowStable<T extends Record<string, unknown>>(value: T): T {
  const [stable, setStable] = useState(value)
  const same = shallowEqual(stable, value)
  if (!same) setStable(value)
  return same ? stable : value
}

function commonPrefixLength(left: string, right: string): number {
  const length = Math.min(left.length, right.length)
  let index = 0
  while (index < length && left.charCodeAt(index) === right.charCodeAt(index)) index += 1
  return index
}

interface BlockRender {
  readonly block: Block
  readonly source: string
  readonly streamingFrom: number
  readonly footnotes: string
}

/** Last render per block: a block planned again to the same source keeps its object (memo hits). */
const renderCache = new WeakMap<Block, BlockRender>()

/** Settled blocks are rendered in groups (one wrapper element each), so an update reconciles and lays out one group. */
const groupSize = 64

interface BlockGroupProps {
  readonly renders: readonly BlockRender[]
  /** The block still streaming, rendered at the end of this group. */
  readonly open: BlockRender | undefined
  readonly caret: boolean
  readonly pipeline: MarkdownPipeline
}

const BlockGroup = /* @__PURE__ */ memo(
  function BlockGroup({ renders, open, caret, pipeline }: BlockGroupProps) {
    const children: ReactNode[] = []
    for (const render of open ? [...renders, open] : renders) {
      if (children.length > 0) children.push('\n')
      children.push(
        <MarkdownBlock
          key={render.block.key}
          source={render.source}
          pipeline={pipeline}
          streamingFrom={render.streamingFrom}
          caret={caret && render === open}
          footnotes={render.footnotes}
        />,
      )
    }
    return <div className="ras-markdown-group">{children}</div>
  },
  (previous, next) =>
    previous.renders === next.renders &&
    previous.open === next.open &&
    previous.caret === next.caret &&
    previous.pipeline === next.pipeline,
)

const noRenders: readonly BlockRender[] = []

interface DocumentRender {
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
    for (const match of block.text.matchAll(fullReference)) {
      const label = normalizeLabel(match[1] ?? '')
      if (label && !split.definitions.has(label)) prefix.push(`[${label}]: ${INCOMPLETE_LINK_URL}`)
    }
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
interface DocumentPlanner {
  plan(split: BlockSplit, streaming: boolean): DocumentRender
}

function createDocumentPlanner(math: boolean): DocumentPlanner {
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

/**
 * Renders streaming markdown (react-markdown + remark-gfm) incrementally: settled blocks are
 * memoised and never parsed again, only the open tail is repaired, and the final render equals a
 * one-shot react-markdown render of the same text. Untrusted output is safe by default.
 */
export const StreamingMarkdown = /* @__PURE__ */ forwardRef<HTMLDivElement, StreamingMarkdownProps>(
  function StreamingMarkdown(
    {
      content,
      streaming = false,
      components,
      remarkPlugins,
      rehypePlugins,
      allowedImageOrigins,
      allowedLinkProtocols,
      allowedDataImageTypes,
      confirmExternalLinks,
      allowedHtml,
      math,
      caret = true,
      highlighter,
      copyLabel,
      className,
      ...rest
    },
    ref,
  ) {
    const settings = useShallowStable({
      components,
      remarkPlugins,
      rehypePlugins,
      allowedImageOrigins,
      allowedLinkProtocols,
      allowedDataImageTypes,
      confirmExternalLinks,
      allowedHtml,
      math,
      highlighter,
      copyLabel,
    })
    const pipeline = useMemo(() => {
      const policy = createUrlPolicy({
        ...(settings.allowedImageOrigins ? { allowedImageOrigins: settings.allowedImageOrigins } : {}),
        ...(settings.allowedLinkProtocols ? { allowedLinkProtocols: settings.allowedLinkProtocols } : {}),
        ...(settings.allowedDataImageTypes ? { allowedDataImageTypes: settings.allowedDataImageTypes } : {}),
      })
      return createMarkdownPipeline({ policy, ...settings })
    }, [settings])
    const mathEnabled = settings.math !== undefined
    const splitter = useMemo(() => createBlockSplitter({ math: mathEnabled }), [mathEnabled])
    const planner = useMemo(() => createDocumentPlanner(mathEnabled), [mathEnabled])
    const split = useMemo(() => splitter.split(content, !streaming), [splitter, content, streaming])
    const plan = useMemo(() => planner.plan(split, streaming), [planner, split, streaming])

    const children: ReactNode[] = []
    const { groups, open } = plan
    // The open block renders at the end of the group it will settle into, so settling never remounts it.
    const openGroup = open ? Math.floor(plan.settledCount / groupSize) : -1
    const groupCount = Math.max(groups.length, openGroup + 1)
    for (let group = 0; group < groupCount; group += 1) {
      if (group > 0) children.push('\n')
      children.push(
        <BlockGroup
          key={group}
          renders={groups[group] ?? noRenders}
          open={group === openGroup ? open : undefined}
          caret={streaming && caret && group === openGroup}
          pipeline={pipeline}
        />,
      )
    }
    if (plan.footnoteSource) {
      children.push(
        '\n',
        <FootnoteSection
          key="footnotes"
          source={plan.footnoteSource}
          pipeline={pipeline}
          openLabels={plan.openFootnotes}
        />,
      )
    }
    if (streaming && caret && !open) {
      children.push(<span key="caret" className="ras-caret" aria-hidden="true" data-caret="" />)
    }

    return (
      <div
        ref={ref}
        className={className ? `ras-markdown ${className}` : 'ras-markdown'}
        data-streaming={streaming ? 'true' : 'false'}
        {...rest}
      >
        {children}
      </div>
    )
  },
)
