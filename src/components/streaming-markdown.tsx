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
  /** Streaming flag and definition counts the plan was made under. */
  context: string
  readonly source: string
  readonly streamingFrom: number
  readonly footnotes: string
}

const renderCache = new WeakMap<Block, BlockRender>()

/** Settled blocks are rendered in groups, so an update reconciles a few groups, not every block. */
const groupSize = 64

interface BlockGroupProps {
  readonly renders: readonly BlockRender[]
  readonly pipeline: MarkdownPipeline
  readonly first: boolean
}

const BlockGroup = /* @__PURE__ */ memo(
  function BlockGroup({ renders, pipeline, first }: BlockGroupProps) {
    const children: ReactNode[] = []
    renders.forEach((render, index) => {
      if (index > 0 || !first) children.push('\n')
      children.push(
        <MarkdownBlock
          key={render.block.key}
          source={render.source}
          pipeline={pipeline}
          streamingFrom={render.streamingFrom}
          caret={false}
          footnotes={render.footnotes}
        />,
      )
    })
    return <div className="ras-markdown-group">{children}</div>
  },
  (previous, next) =>
    previous.pipeline === next.pipeline &&
    previous.first === next.first &&
    previous.renders.length === next.renders.length &&
    previous.renders.every((render, index) => render === next.renders[index]),
)

interface DocumentRender {
  readonly blocks: readonly BlockRender[]
  readonly footnoteSource: string
  /** Footnotes whose definition is still streaming (their back-links are held until it settles). */
  readonly openFootnotes: string
}

const fullReference = /\]\[([^[\]\n]{1,999})\]/g
/** `[^label]` not followed by `:` (a reference, not a definition). */
const footnoteReferencePattern = /\[\^[^\]\s]{1,999}\](?!:)/g
/** Labels of `[text][label]` references per block; settled blocks never change, so scan each once. */
const fullReferenceCache = new WeakMap<Block, readonly string[]>()

function fullReferenceLabels(block: Block): readonly string[] {
  const cached = fullReferenceCache.get(block)
  if (cached) return cached
  const labels = [...block.text.matchAll(fullReference)].map((match) => normalizeLabel(match[1] ?? ''))
  fullReferenceCache.set(block, labels)
  return labels
}

/** Works out, per block, the text to parse: the definitions it uses, then its (repaired) text. */
function planDocument(split: BlockSplit, streaming: boolean, math: boolean): DocumentRender {
  const order = new Map<string, number>()
  const counts = new Map<string, number>()
  const references: string[] = []
  const renders: BlockRender[] = []
  const footnoteDefinitions: string[] = []
  const isDefined = (label: string) => streaming || split.footnoteDefinitions.has(label)
  const last = split.blocks.length - 1
  // Definitions only ever get added (the first one of a label wins), so their counts version them.
  const context = `${streaming}:${split.definitions.size}:${split.footnoteDefinitions.size}`
  split.blocks.forEach((block, index) => {
    if (block.footnoteLabels.length > 0) {
      const text = index === last && streaming ? repairBlock(block.text, { math }) : block.text
      // A content block that also defines footnotes: its own references are counted with the
      // block below, so the footnote section must not see them a second time.
      footnoteDefinitions.push(block.kind === 'content' ? text.replace(footnoteReferencePattern, '') : text)
    }
    if (block.kind === 'footnote-definitions') return
    if (block.kind === 'definitions') return
    const open = index === last && streaming
    // Fast path: a settled block without references, planned before under the same definitions.
    const cached = renderCache.get(block)
    if (!open && cached && cached.context === context && block.footnoteReferences.length === 0) {
      renders.push(cached)
      return
    }
    const prefix: string[] = []
    for (const label of block.linkLabels) {
      const definition = split.definitions.get(label)
      if (definition !== undefined) prefix.push(definition)
    }
    if (streaming) {
      // `[text][label]` whose definition has not arrived yet: an inert link now, not raw brackets.
      for (const label of fullReferenceLabels(block)) {
        if (label && !split.definitions.has(label)) prefix.push(`[${label}]: ${INCOMPLETE_LINK_URL}`)
      }
    }
    const numbering: Record<string, [number, number]> = {}
    for (const label of block.footnoteReferences) {
      if (!isDefined(label)) continue
      if (!(label in numbering)) {
        if (!order.has(label)) order.set(label, order.size + 1)
        numbering[label] = [order.get(label) ?? 0, counts.get(label) ?? 0]
        prefix.push(`[^${label}]: -`)
      }
      counts.set(label, (counts.get(label) ?? 0) + 1)
      if (split.footnoteDefinitions.has(label)) references.push(`[^${label}]`)
    }
    const head = prefix.length > 0 ? `${prefix.join('\n\n')}\n\n` : ''
    const text = open ? repairBlock(block.text, { math }) : block.text
    const render: BlockRender = {
      block,
      context,
      source: head + text,
      streamingFrom: open ? head.length + commonPrefixLength(text, block.text) : -1,
      footnotes: Object.keys(numbering).length > 0 ? JSON.stringify(numbering) : '',
    }
    // Same inputs, same object: lets a group of settled blocks skip rendering by identity.
    const previous = renderCache.get(block)
    const same =
      previous !== undefined &&
      previous.source === render.source &&
      previous.streamingFrom === render.streamingFrom &&
      previous.footnotes === render.footnotes
    if (!same) renderCache.set(block, render)
    else previous.context = context
    renders.push(same ? previous : render)
  })
  // The section renders after the last block. While streaming it shows only once the text has
  // reached its footnotes; body text arriving after it would otherwise insert text above it.
  const firstFootnotes = split.blocks.findIndex((block) => block.kind === 'footnote-definitions')
  const bodyAfterFootnotes =
    firstFootnotes !== -1 && split.blocks.slice(firstFootnotes).some((block) => block.kind === 'content')
  const footnoteSource =
    references.length > 0 && !(streaming && bodyAfterFootnotes)
      ? `${references.join(' ')}\n\n${[...split.definitions.values()].join('\n\n')}\n\n${footnoteDefinitions.join('\n\n')}`
      : ''
  const openBlock = split.blocks[last]
  const openFootnotes =
    streaming && openBlock?.kind === 'footnote-definitions' ? openBlock.footnoteLabels.join(' ') : ''
  return { blocks: renders, footnoteSource, openFootnotes }
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
    const split = useMemo(() => splitter.split(content, !streaming), [splitter, content, streaming])
    const plan = useMemo(() => planDocument(split, streaming, mathEnabled), [split, streaming, mathEnabled])

    const children: ReactNode[] = []
    const lastBlock = split.blocks[split.blocks.length - 1]
    const openRender = streaming ? plan.blocks.find((render) => render.block === lastBlock) : undefined
    const settledRenders = openRender ? plan.blocks.slice(0, -1) : plan.blocks
    for (let start = 0; start < settledRenders.length; start += groupSize) {
      children.push(
        <BlockGroup
          key={`group-${start}`}
          renders={settledRenders.slice(start, start + groupSize)}
          pipeline={pipeline}
          first={start === 0}
        />,
      )
    }
    const caretPlaced = openRender !== undefined && caret
    if (openRender) {
      if (settledRenders.length > 0) children.push('\n')
      children.push(
        <MarkdownBlock
          key={openRender.block.key}
          source={openRender.source}
          pipeline={pipeline}
          streamingFrom={openRender.streamingFrom}
          caret={caret}
          footnotes={openRender.footnotes}
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
    if (streaming && caret && !caretPlaced) {
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
