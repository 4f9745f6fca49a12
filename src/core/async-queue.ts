import { StreamError } from './errors.js'

/** A push-to-pull bridge: callbacks push, one `for await` pulls. Bounded: overflow fails the queue loudly. */
export interface AsyncQueue<T> extends AsyncIterable<T> {
  push(item: T): void
  /** No more items: the iterator ends after draining. */
  end(): void
  /** The iterator throws `error` after draining what came before it. */
  fail(error: unknown): void
  readonly size: number
  /** Resolves once fewer than `count` items wait (or the queue ended or failed): backpressure for producers. */
  whenBelow(count: number): Promise<void>
}

export function createAsyncQueue<T>(limit = Number.POSITIVE_INFINITY): AsyncQueue<T> {
  let items: T[] = []
  let head = 0
  let ended = false
  let failure: { error: unknown } | undefined
  let wake: (() => void) | undefined
  let drained: { count: number; resolve: () => void }[] = []

  const releaseDrained = () => {
    if (drained.length === 0) return
    const size = items.length - head
    const done = ended || failure !== undefined
    const waiting = drained
    drained = []
    for (const waiter of waiting) {
      if (done || size < waiter.count) waiter.resolve()
      else drained.push(waiter)
    }
  }

  const notify = () => {
    const resume = wake
    wake = undefined
    resume?.()
  }

  return {
    push(item) {
      if (ended || failure) return
      if (items.length - head >= limit) {
        failure = {
          error: new StreamError('buffer_overflow', `more than ${limit} frames waiting to be read`),
        }
      } else items.push(item)
      notify()
    },
    end() {
      ended = true
      notify()
      releaseDrained()
    },
    fail(error) {
      if (!failure && !ended) failure = { error }
      notify()
      releaseDrained()
    },
    get size() {
      return items.length - head
    },
    whenBelow(count) {
      if (ended || failure || items.length - head < count) return Promise.resolve()
      return new Promise<void>((resolve) => {
        drained.push({ count, resolve })
      })
    },
    async *[Symbol.asyncIterator]() {
      while (true) {
        if (head < items.length) {
          const item = items[head] as T
          head++
          // Compact now and then so a long stream does not keep every consumed item alive.
          if (head > 1024 && head * 2 > items.length) {
            items = items.slice(head)
            head = 0
          }
          releaseDrained()
          yield item
          continue
        }
        if (failure) throw failure.error
        if (ended) return
        await new Promise<void>((resolve) => {
          wake = resolve
        })
      }
    },
  }
}
