import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { render } from '@testing-library/react'
import { StreamingMarkdown } from 'react-agent-stream'
import { renderToStaticMarkup } from 'react-dom/server'
import Markdown from 'react-markdown'
import remarkGfm from 'remark-gfm'
import type { PluggableList } from 'unified'
import {
  createMarkdownPipeline,
  type MathPlugins,
  type RemarkRehypeOptions,
} from '../../src/components/markdown/pipeline.js'
import { createUrlPolicy, type UrlPolicyOptions } from '../../src/markdown/index.js'
import type { UrlTransform } from '../../src/markdown/safety/rehype-safety.js'
import type { AllowElement } from '../../src/markdown/tree/element-filter.js'
import { chunkEnds } from '../helpers/chunk-ends.js'

export { chunkEnds }

const fixtureDirectory = resolve('test/fixtures/markdown')

export const fixtures: [string, string][] = readdirSync(fixtureDirectory)
  .filter((name) => name.endsWith('.md'))
  .map((name) => [name, readFileSync(join(fixtureDirectory, name), 'utf8')])

/** react-markdown's own options that StreamingMarkdown takes under the same names. */
export interface ReactMarkdownOptions {
  readonly allowedElements?: readonly string[]
  readonly disallowedElements?: readonly string[]
  readonly allowElement?: AllowElement
  readonly unwrapDisallowed?: boolean
  readonly skipHtml?: boolean
  readonly urlTransform?: UrlTransform
  readonly remarkRehypeOptions?: RemarkRehypeOptions
}

/**
 * A one-shot react-markdown + remark-gfm render (with the same extra plugins and options, if any)
 * under the same URL policy, safety pass and components: react-markdown and remark-gfm themselves,
 * not the pipeline StreamingMarkdown parses with, so the two are checked against each other.
 */
export function oneShotHtml(
  text: string,
  policyOptions: UrlPolicyOptions = {},
  plugins?: Partial<MathPlugins>,
  options: ReactMarkdownOptions = {},
): string {
  const policy = createUrlPolicy(policyOptions)
  // The app's urlTransform runs inside the safety pass (before the policy), as StreamingMarkdown runs it.
  const { allowedElements, disallowedElements, allowElement, urlTransform, ...rest } = options
  const pipeline = createMarkdownPipeline({ policy, skipHtml: options.skipHtml, urlTransform })
  const html = renderToStaticMarkup(
    <Markdown
      {...rest}
      {...(allowedElements ? { allowedElements: [...allowedElements] } : {})}
      {...(disallowedElements ? { disallowedElements: [...disallowedElements] } : {})}
      {...(allowElement
        ? {
            allowElement: (element, index, parent) =>
              Boolean(allowElement(element, index ?? 0, parent as never)),
          }
        : {})}
      remarkPlugins={[remarkGfm, ...((plugins?.remarkPlugins ?? []) as PluggableList)]}
      rehypePlugins={[...((plugins?.rehypePlugins ?? []) as PluggableList), () => pipeline.safety]}
      components={pipeline.components}
      urlTransform={(url, key, node) => policy.sanitizeAttribute(key, url, node.tagName) ?? ''}
    >
      {text}
    </Markdown>,
  )
  // React's server renderer adds a preload hint for each image it renders; a client render has none.
  return html.replace(/<link rel="preload" as="image"[^>]*\/?>/g, '')
}

/**
 * Streams `text` into StreamingMarkdown with `props` in 5-character-average chunks, then renders it
 * final: the final render next to a one-shot react-markdown render with the same plugins and options.
 */
export function streamAndCompare(
  text: string,
  props: Partial<MathPlugins> & ReactMarkdownOptions = {},
): { ours: string; oneShot: string } {
  const { container, rerender, unmount } = render(<StreamingMarkdown content="" streaming {...props} />)
  for (const end of chunkEnds(text.length, 5)) {
    rerender(<StreamingMarkdown content={text.slice(0, end)} streaming {...props} />)
  }
  rerender(<StreamingMarkdown content={text} {...props} />)
  const ours = renderedHtml(container.firstElementChild)
  unmount()
  const { remarkPlugins = [], rehypePlugins = [], ...options } = props
  return {
    ours,
    oneShot: canonicalFromString(oneShotHtml(text, {}, { remarkPlugins, rehypePlugins }, options)),
  }
}

/** Visible text as a reader sees it (whitespace collapsed). */
export function visibleText(element: Element): string {
  return (element.textContent ?? '').replace(/\s+/g, ' ').trim()
}

/** Serialises a DOM tree with attributes sorted (React's client and server order them differently). */
export function canonicalHtml(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE)
    return (node.textContent ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;')
  if (node.nodeType !== Node.ELEMENT_NODE) return ''
  const element = node as Element
  const attributes = [...element.attributes]
    .map((attribute) => {
      const value = attribute.name === 'style' ? attribute.value.replace(/[\s;]/g, '') : attribute.value
      return `${attribute.name}="${value}"`
    })
    .sort()
    .join(' ')
  const children = [...element.childNodes].map(canonicalHtml).join('')
  return `<${element.tagName.toLowerCase()}${attributes ? ` ${attributes}` : ''}>${children}</${element.tagName.toLowerCase()}>`
}

/** The canonical form of an HTML string. */
export function canonicalFromString(html: string): string {
  const holder = document.createElement('div')
  holder.innerHTML = html
  return canonicalHtml(holder)
}

/**
 * The canonical form of what StreamingMarkdown rendered into `root` (its `.ras-markdown` element),
 * with the group wrappers (layout-only `div.ras-markdown-group`, one per 64 blocks) replaced by
 * their children, so it can be compared with a one-shot render.
 */
export function renderedHtml(root: Element | null): string {
  if (!root) return ''
  const holder = document.createElement('div')
  for (const child of [...root.childNodes]) {
    const isGroup = child instanceof Element && child.className === 'ras-markdown-group'
    for (const node of isGroup ? [...child.childNodes] : [child]) holder.append(node.cloneNode(true))
  }
  return canonicalHtml(holder)
}
