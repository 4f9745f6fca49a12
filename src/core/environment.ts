/** What the page says about connectivity and visibility. Injectable; the default reads globals lazily. */
export interface PageEnvironment {
  /** False only when the platform says it is offline. */
  isOnline(): boolean
  /** False only when the page is hidden. */
  isVisible(): boolean
  /** Calls back on online/offline/visibilitychange; returns an unsubscribe. */
  subscribe(listener: () => void): () => void
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
