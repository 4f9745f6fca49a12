import type { ChatSession } from '../core/index.js'

const holders = new WeakMap<ChatSession, { count: number; pending: boolean }>()

/**
 * Keeps a session alive while a mounted component holds it; disposes it once the last holder lets
 * go. The dispose waits a microtask: StrictMode unmounts and remounts synchronously, and that must
 * not tear down (and reopen) the session's connection.
 */
export function retainSession(
  session: ChatSession,
  dispose: () => void = () => session.dispose(),
): () => void {
  const holder = holders.get(session) ?? { count: 0, pending: false }
  holders.set(session, holder)
  holder.count++
  let released = false
  return () => {
    if (released) return
    released = true
    holder.count--
    if (holder.count > 0 || holder.pending) return
    holder.pending = true
    queueMicrotask(() => {
      holder.pending = false
      if (holder.count === 0) dispose()
    })
  }
}
