import { type ComponentPropsWithoutRef, useState } from 'react'
import type { Element } from './hast.js'

export interface SafeImageProps extends ComponentPropsWithoutRef<'img'> {
  node?: Element | undefined
  'data-blocked-src'?: string | undefined
  'data-blocked-srcset'?: string | undefined
  'data-blocked-origin'?: string | undefined
}

/**
 * An image whose URL passed the policy. A remote image from an origin that is not allow-listed is
 * not requested: a placeholder button loads it on the reader's click.
 */
export function SafeImage({ node: _node, ...props }: SafeImageProps) {
  const {
    'data-blocked-src': blockedSrc,
    'data-blocked-srcset': blockedSrcset,
    'data-blocked-origin': origin,
    ...rest
  } = props
  const [load, setLoad] = useState(false)
  if (!blockedSrc && !blockedSrcset) return <img {...rest} alt={rest.alt ?? ''} />
  if (load) return <img {...rest} src={blockedSrc} srcSet={blockedSrcset} alt={rest.alt ?? ''} />
  return (
    <button
      type="button"
      className="ras-image-placeholder"
      data-origin={origin}
      title={blockedSrc}
      onClick={() => setLoad(true)}
    >
      {`Load image${rest.alt ? `: ${rest.alt}` : ''} (${origin ?? 'remote'})`}
    </button>
  )
}
