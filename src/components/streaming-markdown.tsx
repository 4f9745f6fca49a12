import { type ComponentPropsWithoutRef, forwardRef, memo, type ReactNode, useMemo, useState } from 'react'
import type { CodeHighlighter } from '../markdown/highlight/highlight.js'
import { createBlockSplitter, createUrlPolicy } from '../markdown/index.js'
import { type BlockRender, createDocumentPlanner, groupSize } from '../markdown/plan/document-planner.js'
import type { AllowedHtml, UrlTransform } from '../markdown/safety/rehype-safety.js'
import type { AllowElement } from '../markdown/tree/element-filter.js'
import { FootnoteSection, MarkdownBlock } from './markdown/markdown-block.js'
import {
  type Components,
  createMarkdownPipeline,
  type MarkdownPipeline,
  type MathPlugins,
  type PluggableList,
  type RemarkRehypeOptions,
} from './markdown/pipeline.js'
import type { ConfirmExternalLink } from './markdown/safe-link.js'

export interface StreamingMarkdownProps
  extends Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'content'> {
  /** The markdown text so far. */
  content: string
  /** True while more text may arrive: the open tail is repaired and the caret shows. @default false */
  streaming?: boolean
  /** Component overrides by tag, as react-markdown takes them (`a`, `img`, `pre` replace the safe defaults; URLs stay checked). */
  components?: Components
  /** Extra remark plugins (GFM is always on). Plugins run synchronously, attached once per settings. */
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
  /** Only these tag names render, as in react-markdown. @default all */
  allowedElements?: readonly string[]
  /** These tag names do not render, as in react-markdown (ignored when `allowedElements` is set). @default none */
  disallowedElements?: readonly string[]
  /**
   * Called for each element the lists leave; a falsy result removes it, as in react-markdown
   * (`index`/`parent` are within the element's block). Pass a stable function: a new one re-renders every block.
   */
  allowElement?: AllowElement
  /** Keep the children of removed elements in their place. @default false */
  unwrapDisallowed?: boolean
  /** Drop raw HTML that `allowedHtml` does not list instead of showing it as text. @default false */
  skipHtml?: boolean
  /**
   * Rewrites each URL (`href`, `src`, ...) before the URL policy checks it, as react-markdown's
   * `urlTransform` (`null` drops it). Its result is still checked: it cannot let `javascript:` through.
   */
  urlTransform?: UrlTransform
  /** Options for the markdown-to-HTML step, as react-markdown's `remarkRehypeOptions` (footnote labels, handlers). */
  remarkRehypeOptions?: RemarkRehypeOptions
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
          fenceStart={render.fenceStart}
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

/** The props that configure rendering: compared shallowly, a change renders every block again. */
const settingNames = [
  'components',
  'remarkPlugins',
  'rehypePlugins',
  'allowedImageOrigins',
  'allowedLinkProtocols',
  'allowedDataImageTypes',
  'confirmExternalLinks',
  'allowedHtml',
  'math',
  'highlighter',
  'copyLabel',
  'allowedElements',
  'disallowedElements',
  'allowElement',
  'unwrapDisallowed',
  'skipHtml',
  'urlTransform',
  'remarkRehypeOptions',
] as const satisfies readonly (keyof StreamingMarkdownProps)[]

type SettingName = (typeof settingNames)[number]
type MarkdownSettings = Pick<StreamingMarkdownProps, SettingName>

/** The rendering settings, and the rest (attributes for the root element). */
function splitSettings<Props extends MarkdownSettings>(
  props: Props,
): [MarkdownSettings, Omit<Props, SettingName>] {
  const settings: Record<string, unknown> = {}
  const rest: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(props)) {
    if ((settingNames as readonly string[]).includes(name)) settings[name] = value
    else rest[name] = value
  }
  return [settings as MarkdownSettings, rest as Omit<Props, SettingName>]
}

/**
 * Renders streaming markdown (CommonMark + GFM, parsed and rendered as react-markdown + remark-gfm
 * do) incrementally: settled blocks are memoised and never parsed again, only the open tail is
 * repaired, and the final render equals a one-shot react-markdown + remark-gfm render of the same
 * text. Untrusted output is safe by default.
 */
export const StreamingMarkdown = /* @__PURE__ */ forwardRef<HTMLDivElement, StreamingMarkdownProps>(
  function StreamingMarkdown({ content, streaming = false, caret = true, className, ...props }, ref) {
    const [configured, rest] = splitSettings(props)
    const settings = useShallowStable(configured)
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
          openLabel={plan.openFootnote}
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
