/** A `pagehide` or `pageshow`; `persisted` says the page enters (or left) the back/forward cache. */
export interface PageTransition {
  type: 'pagehide' | 'pageshow'
  persisted: boolean
}

/** What the page says about connectivity and visibility. Injectable; the default reads globals lazily. */
export interface PageEnvironment {
  /** False only when the platform says it is offline. */
  isOnline(): boolean
  /** False only when the page is hidden. */
  isVisible(): boolean
  /** Calls back on online/offline/visibilitychange; returns an unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Calls back on pagehide/pageshow; returns an unsubscribe. Absent: the page never enters the bfcache. */
  subscribePageTransitions?(listener: (transition: PageTransition) => void): () => void
}

/** Browser `navigator.onLine` + `document.visibilityState`; always online and visible elsewhere. */
export function browserEnvironment(): PageEnvironment {
  return {
    isOnline: () => globalThis.navigator?.onLine !== false,
    isVisible: () => globalThis.document?.visibilityState !== 'hidden',
    subscribe(listener) {
      const target = typeof globalThis.addEventListener === 'function' ? globalThis : undefined
      const doc = globalThis.document
      target?.addEventListener('online', listener)
      target?.addEventListener('offline', listener)
      doc?.addEventListener('visibilitychange', listener)
      return () => {
        target?.removeEventListener('online', listener)
        target?.removeEventListener('offline', listener)
        doc?.removeEventListener('visibilitychange', listener)
      }
    },
    subscribePageTransitions(listener) {
      const target = typeof globalThis.addEventListener === 'function' ? globalThis : undefined
      const onTransition = (event: Event) =>
        listener({
          type: event.type as PageTransition['type'],
          persisted: (event as Event & { persisted?: boolean }).persisted === true,
        })
      target?.addEventListener('pagehide', onTransition)
      target?.addEventListener('pageshow', onTransition)
      return () => {
        target?.removeEventListener('pagehide', onTransition)
        target?.removeEventListener('pageshow', onTransition)
      }
    },
  }
}

/** Resolves once the page is online (and visible, when `requireVisible`); rejects on abort. */
export function waitForReady(
  environment: PageEnvironment,
  signal: AbortSignal,
  requireVisible: boolean,
): Promise<void> {
  const ready = () => environment.isOnline() && (!requireVisible || environment.isVisible())
  if (ready()) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const finish = (error?: unknown) => {
      unsubscribe()
      signal.removeEventListener('abort', onAbort)
      if (error === undefined) resolve()
      else reject(error)
    }
    const onAbort = () => finish(signal.reason ?? new Error('aborted'))
    const unsubscribe = environment.subscribe(() => {
      if (ready()) finish()
    })
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
