import { useInsertionEffect, useRef } from 'react'

/**
 * A ref that always holds the latest value, updated before any layout effect. Callbacks are read
 * through it, so a new inline callback every render never reconnects anything: options stay stable
 * while the functions in them change.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value)
  // Insertion effects run before layout effects and on the client only (no SSR warning).
  useInsertionEffect(() => {
    ref.current = value
  })
  return ref
}
