import { INCOMPLETE_LINK_URL } from '../repair/inline-repair.js'

/** Options of the one URL policy applied to every URL-bearing attribute. */
export interface UrlPolicyOptions {
  /** Protocols a link (`href`, `action`, `cite`...) may use; relative URLs are always allowed. @default ['http:', 'https:', 'mailto:', 'tel:'] */
  readonly allowedLinkProtocols?: readonly string[]
  /**
   * Origins (`https://images.example.com`) from which resources (`src`, `srcset`, `poster`...) load
   * without a click; `'*'` allows every http(s) origin. Same-origin (relative) URLs always load.
   * @default []
   */
  readonly allowedImageOrigins?: readonly string[]
  /** `data:` media types allowed for resources (never for links; SVG is excluded on purpose). @default ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'] */
  readonly allowedDataImageTypes?: readonly string[]
  /** Where relative URLs resolve, to tell same-origin from remote. @default 'https://same-origin.invalid/' */
  readonly baseUrl?: string
}

export const DEFAULT_URL_POLICY_OPTIONS = Object.freeze({
  allowedLinkProtocols: ['http:', 'https:', 'mailto:', 'tel:'],
  allowedImageOrigins: [],
  allowedDataImageTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif'],
  baseUrl: 'https://same-origin.invalid/',
} as const satisfies Required<UrlPolicyOptions>)

/** `link`: followed only on a user's click. `resource`: fetched by the browser on render. */
export type UrlKind = 'link' | 'resource'

export type UrlVerdict =
  | { readonly action: 'allow'; readonly url: string }
  /** A remote resource from an origin not allow-listed: show a click-to-load placeholder. */
  | { readonly action: 'click-to-load'; readonly url: string; readonly origin: string }
  | { readonly action: 'block'; readonly reason: 'protocol' | 'malformed' | 'incomplete' }

/** How each URL-bearing attribute (hast property name) is treated; anything else is not a URL. */
export const URL_ATTRIBUTES: Readonly<Record<string, UrlKind>> = {
  href: 'link',
  action: 'link',
  formAction: 'link',
  cite: 'link',
  longDesc: 'link',
  itemId: 'link',
  src: 'resource',
  srcSet: 'resource',
  poster: 'resource',
  data: 'resource',
  background: 'resource',
  ping: 'resource',
  icon: 'resource',
  manifest: 'resource',
  lowsrc: 'resource',
  dynsrc: 'resource',
  codeBase: 'resource',
  archive: 'resource',
  xLinkHref: 'resource',
  xlinkHref: 'resource',
}

const urlAttributesByLowerCase = new Map(
  Object.entries(URL_ATTRIBUTES).map(([name, kind]) => [name.toLowerCase(), kind] as const),
)

export interface UrlPolicy {
  readonly options: Readonly<Required<UrlPolicyOptions>>
  /** The verdict for one URL. */
  check(url: string, kind: UrlKind): UrlVerdict
  /** The verdict for a `srcset` value: every candidate must pass, or the whole value is refused. */
  checkSrcset(value: string): UrlVerdict
  /**
   * The safe value for a property (`href`, `srcSet`...) of an element, or undefined to drop it.
   * `href` is a link only on `a` and `area`; elsewhere (SVG `image`, `use`, `link`) it is fetched.
   */
  sanitizeAttribute(property: string, value: string, tagName?: string): string | undefined
  /** How a property of an element is treated, or undefined when it is not a URL. */
  kindOf(property: string, tagName?: string): UrlKind | undefined
  /** True for an absolute http(s) URL leaving `pageOrigin`. */
  isExternal(url: string, pageOrigin?: string): boolean
}

const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/
// Browsers drop tab/newline anywhere and C0 controls/space at both ends before parsing a URL.
const ignoredByBrowsers = /[\t\n\r]/g

function normalize(url: string): string {
  const stripped = url.replace(ignoredByBrowsers, '')
  let start = 0
  let end = stripped.length
  while (start < end && stripped.charCodeAt(start) <= 0x20) start += 1
  while (end > start && stripped.charCodeAt(end - 1) <= 0x20) end -= 1
  return stripped.slice(start, end)
}

function originOf(url: string, base: string): string | undefined {
  try {
    return new URL(url.replace(/\\/g, '/'), base).origin
  } catch {
    return undefined
  }
}

/** Splits a `srcset` into its candidate URLs (HTML's parsing, simplified: URLs end at whitespace). */
export function srcsetUrls(value: string): string[] {
  const urls: string[] = []
  let index = 0
  while (index < value.length) {
    while (index < value.length && /[\s,]/.test(value[index] ?? '')) index += 1
    if (index >= value.length) break
    let end = index
    while (end < value.length && !/\s/.test(value[end] ?? '')) end += 1
    let url = value.slice(index, end)
    index = end
    if (/,+$/.test(url)) url = url.replace(/,+$/, '')
    else {
      let depth = 0
      while (index < value.length && (depth > 0 || value[index] !== ',')) {
        if (value[index] === '(') depth += 1
        else if (value[index] === ')') depth = Math.max(0, depth - 1)
        index += 1
      }
    }
    if (url.length > 0) urls.push(url)
  }
  return urls
}

/** Creates the URL policy: one decision for links, images and every other URL-bearing attribute. */
export function createUrlPolicy(options: UrlPolicyOptions = {}): UrlPolicy {
  const resolved: Required<UrlPolicyOptions> = {
    allowedLinkProtocols: (
      options.allowedLinkProtocols ?? DEFAULT_URL_POLICY_OPTIONS.allowedLinkProtocols
    ).map((protocol) => (protocol.endsWith(':') ? protocol : `${protocol}:`).toLowerCase()),
    allowedImageOrigins: options.allowedImageOrigins ?? DEFAULT_URL_POLICY_OPTIONS.allowedImageOrigins,
    allowedDataImageTypes: (
      options.allowedDataImageTypes ?? DEFAULT_URL_POLICY_OPTIONS.allowedDataImageTypes
    ).map((type) => type.toLowerCase()),
    baseUrl: options.baseUrl ?? DEFAULT_URL_POLICY_OPTIONS.baseUrl,
  }
  const baseOrigin = originOf(resolved.baseUrl, 'https://same-origin.invalid/') ?? 'null'
  const anyOrigin = resolved.allowedImageOrigins.includes('*')
  const allowedOrigins = new Set(
    resolved.allowedImageOrigins
      .filter((origin) => origin !== '*')
      .map((origin) => originOf(origin, resolved.baseUrl)),
  )

  function check(url: string, kind: UrlKind): UrlVerdict {
    const clean = normalize(url)
    if (clean === INCOMPLETE_LINK_URL) return { action: 'block', reason: 'incomplete' }
    const protocol = scheme.exec(clean)?.[1]?.toLowerCase()
    if (protocol !== undefined) {
      const withColon = `${protocol}:`
      if (kind === 'resource' && protocol === 'data') {
        const type = /^data:([^;,]*)/i.exec(clean)?.[1]?.trim().toLowerCase() ?? ''
        return resolved.allowedDataImageTypes.includes(type)
          ? { action: 'allow', url: clean }
          : { action: 'block', reason: 'protocol' }
      }
      if (kind === 'link') {
        return resolved.allowedLinkProtocols.includes(withColon) && protocol !== 'data'
          ? { action: 'allow', url: clean }
          : { action: 'block', reason: 'protocol' }
      }
      if (protocol !== 'http' && protocol !== 'https') return { action: 'block', reason: 'protocol' }
    }
    if (kind === 'link') return { action: 'allow', url: clean }
    const origin = originOf(clean, resolved.baseUrl)
    if (origin === undefined) return { action: 'block', reason: 'malformed' }
    if (origin === baseOrigin || anyOrigin || allowedOrigins.has(origin))
      return { action: 'allow', url: clean }
    return { action: 'click-to-load', url: clean, origin }
  }

  function checkSrcset(value: string): UrlVerdict {
    const urls = srcsetUrls(value)
    if (urls.length === 0) return { action: 'block', reason: 'malformed' }
    for (const url of urls) {
      const verdict = check(url, 'resource')
      if (verdict.action !== 'allow') return verdict
    }
    return { action: 'allow', url: value }
  }

  function kindOf(property: string, tagName?: string): UrlKind | undefined {
    const kind = urlAttributesByLowerCase.get(property.toLowerCase().replace(/[-:]/g, ''))
    if (
      kind === 'link' &&
      tagName !== undefined &&
      property === 'href' &&
      tagName !== 'a' &&
      tagName !== 'area'
    ) {
      return 'resource'
    }
    return kind
  }

  function sanitizeAttribute(property: string, value: string, tagName?: string): string | undefined {
    const kind = kindOf(property, tagName)
    if (kind === undefined) return value
    const verdict = property.toLowerCase() === 'srcset' ? checkSrcset(value) : check(value, kind)
    return verdict.action === 'allow' ? verdict.url : undefined
  }

  function isExternal(url: string, pageOrigin = baseOrigin): boolean {
    const clean = normalize(url)
    const protocol = scheme.exec(clean)?.[1]?.toLowerCase()
    if (protocol !== undefined && protocol !== 'http' && protocol !== 'https') return false
    if (protocol === undefined && !/^[\\/]{2}/.test(clean)) return false
    const origin = originOf(clean, resolved.baseUrl)
    return origin !== undefined && origin !== pageOrigin
  }

  return { options: resolved, check, checkSrcset, sanitizeAttribute, kindOf, isExternal }
}

/** One-off check of a URL against a policy built from `options`. Undefined when it must not be used. */
export function sanitizeUrl(
  url: string,
  kind: UrlKind = 'link',
  options?: UrlPolicyOptions,
): string | undefined {
  const verdict = createUrlPolicy(options).check(url, kind)
  return verdict.action === 'allow' ? verdict.url : undefined
}
