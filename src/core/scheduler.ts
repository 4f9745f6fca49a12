/** Runs a callback once "before the next paint". Returns a function that cancels it. */
export type FrameScheduler = (callback: () => void) => () => void

/** A hidden tab never runs animation frames, so a timeout races the frame to keep state moving. */
const HIDDEN_TAB_FALLBACK_MS = 100

/**
 * One animation frame where there is one, else a 16 ms timeout. Globals are read when called
 * (SSR and Node have no `requestAnimationFrame`).
 */
export function animationFrameScheduler(): FrameScheduler {
  return (callback) => {
    let done = false
    const run = () => {
      if (done) return
      done = true
      cancel()
      callback()
    }
    const raf = globalThis.requestAnimationFrame
    const frame = typeof raf === 'function' ? raf(run) : undefined
    const timeout = globalThis.setTimeout(run, frame === undefined ? 16 : HIDDEN_TAB_FALLBACK_MS)
    function cancel() {
      done = true
      if (frame !== undefined) globalThis.cancelAnimationFrame(frame)
      globalThis.clearTimeout(timeout)
    }
    return cancel
  }
}

/** Runs callbacks synchronously: every change notifies at once (tests, servers). */
export const immediateScheduler: FrameScheduler = (callback) => {
  callback()
  return () => {}
}

/** A scheduler the caller flushes by hand: `flush()` runs what is pending. For tests and benchmarks. */
export function createManualScheduler(): FrameScheduler & { flush(): void; readonly pending: number } {
  const queue = new Set<() => void>()
  const schedule = ((callback: () => void) => {
    queue.add(callback)
    return () => {
      queue.delete(callback)
    }
  }) as FrameScheduler & { flush(): void; readonly pending: number }
  schedule.flush = () => {
    const callbacks = [...queue]
    queue.clear()
    for (const callback of callbacks) callback()
  }
  Object.defineProperty(schedule, 'pending', { get: () => queue.size })
  return schedule
}
