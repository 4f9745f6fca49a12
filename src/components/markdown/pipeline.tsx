import type { Components, Options, UrlTransform } from 'react-markdown'
import type { UrlPolicy } from '../../markdown/index.js'
import { CodeBlock } from './code-block.js'
import { remarkGfmParse } from './gfm.js'
import type { CodeHighlighter } from './highlight.js'
import { type AllowedHtml, rehypeSafety } from './rehype-safety.js'
import { SafeImage } from './safe-image.js'
import { type ConfirmExternalLink, SafeLink } from './safe-link.js'

export type PluggableList = NonNullable<Options['remarkPlugins']>

/** remark-math + rehype-katex (or any pair) passed in by the app, so they load only when used. */
export interface MathPlugins {
  readonly remarkPlugins: PluggableList
  readonly rehypePlugins: PluggableList
}

export interface MarkdownPipelineOptions {
  readonly policy: UrlPolicy
  readonly components?: Components | undefined
  readonly remarkPlugins?: PluggableList | undefined
  readonly rehypePlugins?: PluggableList | undefined
  readonly allowedHtml?: AllowedHtml | undefined
  readonly math?: MathPlugins | undefined
  readonly highlighter?: CodeHighlighter | undefined
  readonly confirmExternalLinks?: boolean | ConfirmExternalLink | undefined
  readonly copyLabel?: string | undefined
}

/** Everything react-markdown needs, shared by every block of one StreamingMarkdown. */
export interface MarkdownPipeline {
  readonly remarkPlugins: PluggableList
  /** User plugins, then math, then the safety pass (always last). */
  readonly rehypePlugins: PluggableList
  readonly safety: PluggableList
  readonly components: Components
  readonly urlTransform: UrlTransform
}

/**
 * Builds the plugin lists and components. The safety plugin runs after every user plugin, and the
 * `a`/`img`/`pre` defaults receive props that already passed the policy, so neither custom
 * plugins nor component overrides can bring an unsafe URL back.
 */
export function createMarkdownPipeline(options: MarkdownPipelineOptions): MarkdownPipeline {
  const { policy, highlighter, confirmExternalLinks, copyLabel } = options
  const components: Components = {
    a: (props) => <SafeLink {...props} policy={policy} confirmExternalLinks={confirmExternalLinks} />,
    img: (props) => <SafeImage {...props} />,
    pre: (props) => <CodeBlock {...props} highlighter={highlighter} copyLabel={copyLabel} />,
    ...options.components,
  }
  return {
    remarkPlugins: [remarkGfmParse, ...(options.remarkPlugins ?? []), ...(options.math?.remarkPlugins ?? [])],
    rehypePlugins: [...(options.rehypePlugins ?? []), ...(options.math?.rehypePlugins ?? [])],
    safety: [[rehypeSafety, { policy, allowedHtml: options.allowedHtml }]],
    components,
    urlTransform: (url, key, node) => policy.sanitizeAttribute(key, url, node.tagName) ?? '',
  }
}
