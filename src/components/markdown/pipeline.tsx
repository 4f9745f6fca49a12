import type { Element, Root } from 'hast'
import { toJsxRuntime } from 'hast-util-to-jsx-runtime'
import type { Root as MarkdownRoot } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { type Options as ToHastOptions, toHast } from 'mdast-util-to-hast'
import type { ComponentType, JSX, ReactElement } from 'react'
import { Fragment, jsx, jsxs } from 'react/jsx-runtime'
import type { CodeHighlighter } from '../../markdown/highlight/highlight.js'
import type { UrlPolicy } from '../../markdown/index.js'
import { type AllowedHtml, rehypeSafety, type UrlTransform } from '../../markdown/safety/rehype-safety.js'
import { type ElementFilter, filterElements } from '../../markdown/tree/element-filter.js'
import { remarkGfmParse } from '../../markdown/tree/gfm.js'
import {
  attachPlugins,
  createPluginFile,
  type PluggableList,
  type PluginFile,
  runTransformers,
} from '../../markdown/tree/plugins.js'
import { CodeBlock } from './code-block.js'
import { SafeImage } from './safe-image.js'
import { type ConfirmExternalLink, SafeLink } from './safe-link.js'

export type { Pluggable, PluggableList, Plugin, Preset } from '../../markdown/tree/plugins.js'

/** Props every custom component receives besides the element's own: the HTML node it renders. */
export interface ExtraProps {
  readonly node?: Element | undefined
}

/** Component overrides by tag name, as react-markdown takes them (`a`, `code`, `table`, ...). */
export type Components = {
  [Key in keyof JSX.IntrinsicElements]?:
    | ComponentType<JSX.IntrinsicElements[Key] & ExtraProps>
    | keyof JSX.IntrinsicElements
}

/** remark-math + rehype-katex (or any pair) passed in by the app, so they load only when used. */
export interface MathPlugins {
  readonly remarkPlugins: PluggableList
  readonly rehypePlugins: PluggableList
}

/** Options for turning markdown into HTML (react-markdown's `remarkRehypeOptions`): footnote labels, handlers. */
export type RemarkRehypeOptions = Omit<ToHastOptions, 'allowDangerousHtml' | 'clobberPrefix' | 'file'>

export interface MarkdownPipelineOptions extends ElementFilter {
  readonly policy: UrlPolicy
  readonly components?: Components | undefined
  readonly remarkPlugins?: PluggableList | undefined
  readonly rehypePlugins?: PluggableList | undefined
  readonly allowedHtml?: AllowedHtml | undefined
  readonly skipHtml?: boolean | undefined
  readonly urlTransform?: UrlTransform | undefined
  readonly remarkRehypeOptions?: RemarkRehypeOptions | undefined
  readonly math?: MathPlugins | undefined
  readonly highlighter?: CodeHighlighter | undefined
  readonly confirmExternalLinks?: boolean | ConfirmExternalLink | undefined
  readonly copyLabel?: string | undefined
}

/** What every block of one StreamingMarkdown is rendered with; the plugins are attached once. */
export interface MarkdownPipeline {
  /**
   * Parses markdown and runs every plugin (user plugins, then math): the HTML tree of a source.
   * `fenceStart` is where the opener line starts of an unindented code fence still open at the end
   * of the source (the splitter's `openFence`): the fence's content is then filled in, not parsed.
   */
  readonly parse: (source: string, fenceStart?: number) => Root
  /** The safety pass, run on every tree after all other passes but the element filter. */
  readonly safety: (tree: Root) => void
  /** react-markdown's element filters (`allowedElements`, ...), the very last pass. */
  readonly filter: (tree: Root) => void
  readonly components: Components
}

/**
 * The steps react-markdown takes (micromark with the GFM extensions remark-gfm adds, mdast to
 * hast with raw HTML kept for the safety pass, plugins in order), without re-creating a processor
 * for every render. The safety pass runs after every user plugin, and the `a`/`img`/`pre`
 * defaults receive props that already passed the policy, so neither custom plugins nor component
 * overrides can bring an unsafe URL back.
 */
export function createMarkdownPipeline(options: MarkdownPipelineOptions): MarkdownPipeline {
  const { policy, highlighter, confirmExternalLinks, copyLabel } = options
  const plugins = attachPlugins<MarkdownRoot, Root>(
    [remarkGfmParse, ...(options.remarkPlugins ?? []), ...(options.math?.remarkPlugins ?? [])],
    [...(options.rehypePlugins ?? []), ...(options.math?.rehypePlugins ?? [])],
  )
  const data = plugins.data as {
    settings?: object
    micromarkExtensions?: []
    fromMarkdownExtensions?: []
  }
  const shortcut = plugins.markdown.length === 0 && !options.remarkRehypeOptions?.handlers
  /** Markdown to the HTML tree, before the HTML plugins. */
  const toHtml = (source: string, file: PluginFile): Root => {
    const markdown = fromMarkdown(source, {
      ...data.settings,
      extensions: data.micromarkExtensions ?? [],
      mdastExtensions: data.fromMarkdownExtensions ?? [],
    })
    return toHast(runTransformers(markdown, plugins.markdown, file), {
      ...options.remarkRehypeOptions,
      // Raw HTML is kept for the safety pass; the footnote passes rely on the default prefix.
      allowDangerousHtml: true,
      clobberPrefix: 'user-content-',
    }) as Root
  }
  /**
   * A code fence still open is most of a long answer's cost: micromark over the whole fence on
   * every update (11 ms at 50 KB). Its tree is known without that: the opener line alone parses
   * to the same `pre > code` (language class, meta), and the text is the rest, verbatim.
   */
  const openFenceToHtml = (source: string, fenceStart: number, file: PluginFile): Root | undefined => {
    // A markdown-phase plugin or a custom handler could make the code's tree depend on its text;
    // micromark turns CR LF into LF and NUL into U+FFFD in code: those sources take the full parse.
    if (!shortcut || fenceStart < 0 || source.includes('\r') || source.includes('\u0000')) return undefined
    const openerEnd = source.indexOf('\n', fenceStart)
    if (openerEnd === -1) return undefined
    // Everything up to the opener is parsed for real; only the fence's content is filled in.
    const tree = toHtml(source.slice(0, openerEnd), file)
    const pre = tree.children.at(-1)
    const code = pre?.type === 'element' && pre.tagName === 'pre' ? pre.children[0] : undefined
    const text = code?.type === 'element' ? code.children[0] : undefined
    if (
      pre?.position?.start.offset !== fenceStart ||
      !code?.position ||
      text?.type !== 'text' ||
      text.value
    ) {
      return undefined
    }
    const content = source.slice(openerEnd + 1)
    const value = content.endsWith('\n') ? content.slice(0, -1) : content
    text.value = value ? `${value}\n` : ''
    const end = {
      line: lineCount(source),
      column: source.length - source.lastIndexOf('\n'),
      offset: source.length,
    }
    pre.position.end = end
    code.position.end = { ...end }
    if (tree.position) tree.position.end = { ...end }
    return tree
  }
  return {
    parse(source, fenceStart = -1) {
      const file = createPluginFile(source)
      return runTransformers(
        openFenceToHtml(source, fenceStart, file) ?? toHtml(source, file),
        plugins.html,
        file,
      )
    },
    safety: rehypeSafety({
      policy,
      allowedHtml: options.allowedHtml,
      skipHtml: options.skipHtml,
      urlTransform: options.urlTransform,
    }),
    filter: (tree) => filterElements(tree, options),
    components: {
      a: (props) => <SafeLink {...props} policy={policy} confirmExternalLinks={confirmExternalLinks} />,
      img: (props) => <SafeImage {...props} />,
      pre: (props) => <CodeBlock {...props} highlighter={highlighter} copyLabel={copyLabel} />,
      ...options.components,
    },
  }
}

function lineCount(text: string): number {
  let lines = 1
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines += 1
  return lines
}

/** React elements for a tree, with the options react-markdown renders with. */
export function renderTree(tree: Root, components: Components): ReactElement {
  return toJsxRuntime(tree, {
    Fragment,
    jsx,
    jsxs,
    components,
    ignoreInvalidStyle: true,
    passKeys: true,
    passNode: true,
  }) as ReactElement
}
