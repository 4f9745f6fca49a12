/** Code that arrives later (a dynamic import): loaded once, and known once it has arrived. */
export interface Loader<T> {
  /** Starts the load or joins the one under way; after a success, resolves with the same value. */
  load(): Promise<T>
  /** The value once a load has succeeded. */
  loaded(): T | undefined
}

/**
 * Calls `load` on the first `load()` and keeps what it gives. A failed load is forgotten, so the
 * next `load()` tries again: a chunk lost on a flaky network may come through later.
 */
export function createLoader<T>(load: () => Promise<T>): Loader<T> {
  let value: { readonly current: T } | undefined
  let pending: Promise<T> | undefined
  return {
    load() {
      if (value) return Promise.resolve(value.current)
      pending ??= load().then(
        (result) => {
          value = { current: result }
          return result
        },
        (error: unknown) => {
          pending = undefined
          throw error
        },
      )
      return pending
    },
    loaded: () => value?.current,
  }
}
