import type { ComponentPropsWithoutRef, MouseEvent } from 'react'
import type { UrlPolicy } from '../../markdown/index.js'
import type { Element } from '../../markdown/tree/hast.js'

/** Asks before navigating off-site: true/false from a sync or async callback. */
export type ConfirmExternalLink = (url: string) => boolean | Promise<boolean>

export interface SafeLinkProps extends ComponentPropsWithoutRef<'a'> {
  node?: Element | undefined
  policy: UrlPolicy
  confirmExternalLinks?: boolean | ConfirmExternalLink | undefined
}

function pageOrigin(): string | undefined {
  return typeof window === 'undefined' ? undefined : window.location.origin
}

/**
 * A link whose href already passed the URL policy. Links still streaming or blocked render without
 * an href (inert); off-site links can ask for confirmation first.
 */
export function SafeLink({
  node: _node,
  policy,
  confirmExternalLinks,
  href,
  onClick,
  ...rest
}: SafeLinkProps) {
  if (!href) return <a {...rest} />
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || !confirmExternalLinks || !policy.isExternal(href, pageOrigin())) return
    event.preventDefault()
    const ask: ConfirmExternalLink =
      typeof confirmExternalLinks === 'function'
        ? confirmExternalLinks
        : (url) => window.confirm(`Open an external link?\n\n${url}`)
    void Promise.resolve(ask(href)).then((confirmed) => {
      if (confirmed) window.open(href, '_blank', 'noopener,noreferrer')
    })
  }
  return <a href={href} {...rest} onClick={confirmExternalLinks ? handleClick : onClick} />
}
