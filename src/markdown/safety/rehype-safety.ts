import { INCOMPLETE_LINK_URL, PENDING_REFERENCE_URL, type UrlPolicy } from '../index.js'
import {
  type Element,
  type ElementContent,
  type HastChild,
  type HastParent,
  type Root,
  voidElements,
  walkElements,
} from '../tree/hast.js'
import { sanitizeStyle } from './safe-style.js'

/** Tags (and per tag, the attributes) of raw HTML that may render; everything else stays text. */
export type AllowedHtml = readonly string[] | Readonly<Record<string, readonly string[]>>

/** Never rendered, whatever a plugin or the allow-list says. */
const forbiddenElements = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'link',
  'meta',
  'base',
  'noscript',
  'template',
  'portal',
])

const defaultAttributes = ['title', 'alt', 'href', 'src', 'width', 'height', 'align', 'open', 'lang', 'dir']

function allowedAttributes(allowed: AllowedHtml, tag: string): readonly string[] | undefined {
  if (Array.isArray(allowed))
    return (allowed as readonly string[]).includes(tag) ? defaultAttributes : undefined
  return (allowed as Readonly<Record<string, readonly string[]>>)[tag]
}

function propertyName(attribute: string): string {
  if (attribute === 'class') return 'className'
  if (attribute === 'for') return 'htmlFor'
  const known: Record<string, string> = {
    srcset: 'srcSet',
    formaction: 'formAction',
    colspan: 'colSpan',
    rowspan: 'rowSpan',
    longdesc: 'longDesc',
    'xlink:href': 'xLinkHref',
  }
  if (known[attribute]) return known[attribute]
  if (attribute.startsWith('data-') || attribute.startsWith('aria-')) {
    return attribute.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
  }
  return attribute
}

function decodeEntities(value: string): string {
  return value.replace(
    /&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos|colon|tab|newline);?/gi,
    (_, entity: string) => {
      const lower = entity.toLowerCase()
      if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16) % 0x110000)
      if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10) % 0x110000)
      const named: Record<string, string> = {
        amp: '&',
        lt: '<',
        gt: '>',
        quot: '"',
        apos: "'",
        colon: ':',
        tab: '\t',
        newline: '\n',
      }
      return named[lower] ?? ''
    },
  )
}

type HtmlToken =
  | { type: 'text'; value: string }
  | { type: 'open'; tag: string; attributes: string; selfClosing: boolean; source: string }
  | { type: 'close'; tag: string; source: string }

const tagPattern = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|<!--[\s\S]*?-->/g

function tokenizeHtml(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = []
  let last = 0
  for (const match of html.matchAll(tagPattern)) {
    const index = match.index ?? 0
    if (index > last) tokens.push({ type: 'text', value: html.slice(last, index) })
    last = index + match[0].length
    if (match[0].startsWith('<!--')) continue
    const tag = (match[2] ?? '').toLowerCase()
    if (match[1] === '/') tokens.push({ type: 'close', tag, source: match[0] })
    else
      tokens.push({
        type: 'open',
        tag,
        attributes: match[3] ?? '',
        selfClosing: match[4] === '/',
        source: match[0],
      })
  }
  if (last < html.length) tokens.push({ type: 'text', value: html.slice(last) })
  return tokens
}

const attributePattern = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g

function createElement(tag: string, attributes: string, names: readonly string[]): Element {
  const properties: Element['properties'] = {}
  for (const match of attributes.matchAll(attributePattern)) {
    const name = (match[1] ?? '').toLowerCase()
    if (!names.includes(name) || name.startsWith('on') || name === 'style') continue
    const value = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '')
    const property = propertyName(name)
    properties[property] = property === 'className' ? value.split(/\s+/).filter(Boolean) : value
  }
  return { type: 'element', tagName: tag, properties, children: [] }
}

/** Turns allow-listed raw HTML into elements (attributes filtered); other raw HTML is left as text. */
function convertRawHtml(parent: HastParent, allowed: AllowedHtml): void {
  if (!parent.children.some((child) => child.type === 'raw')) return
  const root: ElementContent[] = []
  const open: { tag: string; element: Element }[] = []
  const target = () => open[open.length - 1]?.element.children ?? root
  for (const child of parent.children) {
    if (child.type !== 'raw') {
      target().push(child as ElementContent)
      continue
    }
    for (const token of tokenizeHtml(child.value)) {
      if (token.type === 'text') {
        target().push({ type: 'text', value: token.value })
        continue
      }
      const names = forbiddenElements.has(token.tag) ? undefined : allowedAttributes(allowed, token.tag)
      if (names === undefined) {
        target().push({ type: 'text', value: token.source })
        continue
      }
      if (token.type === 'open') {
        const element = createElement(token.tag, token.attributes, names)
        target().push(element)
        if (!token.selfClosing && !voidElements.has(token.tag)) open.push({ tag: token.tag, element })
        continue
      }
      const depth = open.map((entry) => entry.tag).lastIndexOf(token.tag)
      if (depth === -1) target().push({ type: 'text', value: token.source })
      else open.length = depth
    }
  }
  parent.children = root as typeof parent.children
}

export interface SafetyOptions {
  readonly policy: UrlPolicy
  readonly allowedHtml?: AllowedHtml | undefined
  /** Drop raw HTML that is not allow-listed instead of showing it as text (react-markdown's `skipHtml`). */
  readonly skipHtml?: boolean | undefined
  /** Rewrites each URL before the policy checks it (react-markdown's `urlTransform`); nullish removes it. */
  readonly urlTransform?: UrlTransform | undefined
}

/** react-markdown's `urlTransform`: the URL, the property holding it and its element; nullish drops the URL. */
export type UrlTransform = (url: string, key: string, element: Readonly<Element>) => string | null | undefined

/**
 * The safety pass of every render, after every plugin and block pass (only react-markdown's element
 * filters, which can only remove, come later): allow-listed raw HTML becomes elements, forbidden
 * elements and event handlers go, every URL-bearing property passes the one URL policy
 * (remote resources become click-to-load), and inline styles set by plugins (KaTeX) keep only
 * layout declarations that load nothing (`allowedHtml` never keeps `style`; HTML a plugin such as
 * rehype-raw turned into elements gets the same allow-list). Runs after user plugins, so none can
 * bypass it.
 */
export function rehypeSafety(options: SafetyOptions) {
  const { policy, allowedHtml, skipHtml = false, urlTransform } = options
  return (tree: Root) => {
    if (allowedHtml) {
      convertRawHtml(tree, allowedHtml)
      walkElements(tree, (element) => convertRawHtml(element, allowedHtml))
    }
    sanitizeChildren(tree, skipHtml)
    walkElements(tree, (element) => {
      sanitizeChildren(element, skipHtml)
      sanitizeElement(element, policy, urlTransform)
    })
  }
}

/** Drops forbidden elements; raw HTML that was not allow-listed shows as its source text, or goes with `skipHtml` (as in react-markdown). */
function sanitizeChildren(parent: HastParent, skipHtml: boolean): void {
  const unsafe = (child: HastChild) =>
    child.type === 'raw' || (child.type === 'element' && forbiddenElements.has(child.tagName))
  // Most elements have nothing to drop: leave their children array as it is (every update runs this).
  if (!(parent.children as HastChild[]).some(unsafe)) return
  const children: HastChild[] = []
  for (const child of parent.children as HastChild[]) {
    if (child.type === 'raw') {
      if (!skipHtml) children.push({ type: 'text', value: child.value })
    } else if (!(child.type === 'element' && forbiddenElements.has(child.tagName))) children.push(child)
  }
  parent.children = children as typeof parent.children
}

function sanitizeElement(element: Element, policy: UrlPolicy, urlTransform: UrlTransform | undefined): void {
  // A plugin (rehype-raw on half-streamed HTML) can leave children in a void element, which React rejects.
  if (voidElements.has(element.tagName)) element.children = []
  const properties = element.properties
  for (const key of Object.keys(properties)) {
    const lower = key.toLowerCase()
    // `Style` would reach the DOM as an unknown prop, and HTML attribute names ignore case;
    // `dangerouslySetInnerHTML` set by a plugin would be parsed as HTML by React, past every check.
    if (
      lower.startsWith('on') ||
      lower === 'srcdoc' ||
      lower === 'dangerouslysetinnerhtml' ||
      (lower === 'style' && key !== 'style')
    ) {
      delete properties[key]
      continue
    }
    if (key === 'style') {
      // Only a plugin can have set it (raw HTML never keeps `style`): KaTeX lays out with it.
      const style = typeof properties.style === 'string' ? sanitizeStyle(properties.style) : undefined
      if (style === undefined) delete properties.style
      else properties.style = style
      continue
    }
    const kind = policy.kindOf(key, element.tagName)
    if (kind === undefined) continue
    const raw = properties[key]
    const joined = Array.isArray(raw)
      ? raw.join(key.toLowerCase() === 'srcset' ? ', ' : ' ')
      : String(raw ?? '')
    if (joined === PENDING_REFERENCE_URL) {
      // A reference whose definition has not arrived: what it will become, without a URL yet.
      delete properties[key]
      properties.dataPending = 'true'
      if (element.tagName === 'a') properties.className = ['ras-pending-link']
      continue
    }
    // A link whose URL is still streaming stays inert: the app's transform never sees the placeholder.
    const value = urlTransform && joined !== INCOMPLETE_LINK_URL ? urlTransform(joined, key, element) : joined
    if (value === null || value === undefined) {
      delete properties[key]
      continue
    }
    const verdict = key.toLowerCase() === 'srcset' ? policy.checkSrcset(value) : policy.check(value, kind)
    delete properties[key]
    if (verdict.action === 'allow') properties[key] = verdict.url
    else if (
      verdict.action === 'click-to-load' &&
      element.tagName === 'img' &&
      (key === 'src' || key.toLowerCase() === 'srcset')
    ) {
      properties[key === 'src' ? 'dataBlockedSrc' : 'dataBlockedSrcset'] = verdict.url
      properties.dataBlockedOrigin = verdict.origin
    } else if (verdict.action === 'block' && verdict.reason === 'incomplete')
      properties.dataIncomplete = 'true'
    else properties.dataBlocked = verdict.action === 'block' ? verdict.reason : 'origin'
  }
  if (element.tagName === 'a' && typeof properties.href === 'string' && policy.isExternal(properties.href)) {
    properties.rel = ['noopener', 'noreferrer']
    properties.target = '_blank'
  }
}
