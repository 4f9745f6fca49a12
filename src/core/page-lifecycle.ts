import type { PageEnvironment } from './environment.js'

export interface PageLifecycleHandlers {
  /** The page enters the back/forward cache: close the connection; return whether it was closed. */
  hide(): boolean
  /** The page came back from the cache after `hide` closed the connection. */
  show(): void
}

/**
 * Closes a streaming connection when the page enters the back/forward cache and continues it when
 * the page comes back. An open fetch keeps a page out of the cache; the server keeps generating
 * meanwhile (docs/resumable-streams.md), so nothing is lost. Only listens while `watch`ed, so a
 * session that never streams adds no listener to the page.
 */
export function createPageLifecycle(environment: () => PageEnvironment, handlers: PageLifecycleHandlers) {
  let unsubscribe: (() => void) | undefined
  let hidden = false
  const lifecycle = {
    /** Starts listening (a response is running). */
    watch() {
      if (unsubscribe !== undefined) return
      unsubscribe = environment().subscribePageTransitions?.((transition) => {
        if (!transition.persisted) return
        if (transition.type === 'pagehide' && !hidden) hidden = handlers.hide()
        else if (transition.type === 'pageshow' && hidden) {
          hidden = false
          handlers.show()
        }
      })
    },
    /** Stops listening, unless a hidden page still has to be continued on `pageshow`. */
    release() {
      if (hidden) return
      unsubscribe?.()
      unsubscribe = undefined
    },
    /** Stops listening for good. */
    dispose() {
      hidden = false
      lifecycle.release()
    },
  }
  return lifecycle
}
