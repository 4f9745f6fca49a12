import { useCallback, useRef, useSyncExternalStore } from 'react'
import type { ChatSession, ChatSnapshot } from '../core/index.js'

const identity = (snapshot: ChatSnapshot) => snapshot

/**
 * Subscribes to a session. With a selector, the component re-renders only when the selected value
 * changes (by `isEqual`, `Object.is` by default): a status badge does not re-render per token.
 *
 * @example const status = useChatSession(session, (s) => s.status)
 */
export function useChatSession<T = ChatSnapshot>(
  session: ChatSession,
  selector: (snapshot: ChatSnapshot) => T = identity as (snapshot: ChatSnapshot) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  // The last selection, reused while the selected value is equal: useSyncExternalStore needs a
  // stable result for an unchanged store, and selectors may build new objects.
  const memo = useRef<{ snapshot: ChatSnapshot; selector: unknown; value: T } | undefined>(undefined)
  const select = useCallback(() => {
    const snapshot = session.getSnapshot()
    const last = memo.current
    if (last && last.snapshot === snapshot && last.selector === selector) return last.value
    const value = selector(snapshot)
    if (last && isEqual(last.value, value)) {
      memo.current = { snapshot, selector, value: last.value }
      return last.value
    }
    memo.current = { snapshot, selector, value }
    return value
  }, [session, selector, isEqual])
  return useSyncExternalStore(session.subscribe, select, select)
}
