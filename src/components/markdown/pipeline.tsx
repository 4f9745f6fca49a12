import type { Element, Root } from 'hast'
import { toJsxRuntime } from 'hast-util-to-jsx-runtime'
import type { Root as MarkdownRoot } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { type Options as ToHastOptions, toHast } from 'mdast-util-to-hast'
import type { ComponentType, JSX, ReactElement } from 'react'
import { Fragment, jsx, jsxs } from 'react/jsx-runtime'
import type { UrlPolicy } from '../../markdown/index.js'
import { CodeBlock } from './code-block.js'
import { type ElementFilter, filterElements } from './element-filter.js'
import { remarkGfmParse } from './gfm.js'
import type { CodeHighlighter } from './highlight.js'
import { attachPlugins, createPluginFile, type PluggableList, runTransformers } from './plugins.js'
import { type AllowedHtml, rehypeSafety, type UrlTransform } from './rehype-safety.js'
import { SafeImage } from './safe-image.js'
import { type ConfirmExternalLink, SafeLink } from './safe-link.js'

export type { Pluggable, PluggableList, Plugin, Preset } from './plugins.js'

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
  /** Parses markdown and runs every plugin (user plugins, then math): the HTML tree of a source. */
  readonly parse: (source: string) => Root
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
  return {
    parse(source) {
      const file = createPluginFile(source)
      const markdown = fromMarkdown(source, {
        ...data.settings,
        extensions: data.micromarkExtensions ?? [],
        mdastExtensions: data.fromMarkdownExtensions ?? [],
      })
      const html = toHast(runTransformers(markdown, plugins.markdown, file), {
        ...options.remarkRehypeOptions,
        // Raw HTML is kept for the safety pass; the footnote passes rely on the default prefix.
        allowDangerousHtml: true,
        clobberPrefix: 'user-content-',
      })
      return runTransformers(html as Root, plugins.html, file)
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
