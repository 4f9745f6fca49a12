import { type ComponentPropsWithoutRef, useState } from 'react'
import type { Element } from '../../markdown/tree/hast.js'

export interface SafeImageProps extends ComponentPropsWithoutRef<'img'> {
  node?: Element | undefined
  'data-blocked-src'?: string | undefined
  'data-blocked-srcset'?: string | undefined
  'data-blocked-origin'?: string | undefined
  /** A reference image whose definition (its URL) has not arrived yet. */
  'data-pending'?: string | undefined
}

/**
 * An image whose URL passed the policy. A remote image from an origin that is not allow-listed is
 * not requested: a placeholder button loads it on the reader's click. The button's text is
 * `Load image: <alt>`; its origin is in its accessible name and the URL in its tooltip, so an
 * image whose URL is still to come (a reference defined at the end of the text) shows the same
 * button, disabled, and nothing moves when the URL arrives.
 */
export function SafeImage({ node: _node, ...props }: SafeImageProps) {
  const {
    'data-blocked-src': blockedSrc,
    'data-blocked-srcset': blockedSrcset,
    'data-blocked-origin': origin,
    'data-pending': pending,
    ...rest
  } = props
  const [load, setLoad] = useState(false)
  const label = `Load image${rest.alt ? `: ${rest.alt}` : ''}`
  if (pending) {
    return (
      <button type="button" className="ras-image-placeholder" data-pending="true" disabled>
        {label}
      </button>
    )
  }
  if (!blockedSrc && !blockedSrcset) return <img {...rest} alt={rest.alt ?? ''} />
  if (load) return <img {...rest} src={blockedSrc} srcSet={blockedSrcset} alt={rest.alt ?? ''} />
  return (
    <button
      type="button"
      className="ras-image-placeholder"
      data-origin={origin}
      title={blockedSrc}
      aria-label={`${label} (${origin ?? 'remote'})`}
      onClick={() => setLoad(true)}
    >
      {label}
    </button>
  )
}
