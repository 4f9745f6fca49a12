import { defaultTimers, type Timers } from '../../src/core/index.js'

/** Timers on a hand-moved clock: nothing fires until the test advances time. */
export function createManualTimers(start = 1_000_000) {
  let now = start
  let nextId = 1
  const pending = new Map<number, { at: number; callback: () => void }>()
  const earliest = () => {
    let found: [number, { at: number; callback: () => void }] | undefined
    for (const entry of pending) if (found === undefined || entry[1].at < found[1].at) found = entry
    return found
  }
  const timers = {
    now: () => now,
    setTimeout(callback: () => void, ms: number) {
      const id = nextId++
      pending.set(id, { at: now + Math.max(0, ms), callback })
      return id
    },
    clearTimeout(handle: unknown) {
      pending.delete(handle as number)
    },
    /** Timers scheduled and not yet fired or cleared. */
    get pending() {
      return pending.size
    },
    /** Delays of the pending timers from now, shortest first. */
    delays(): number[] {
      return [...pending.values()].map((entry) => entry.at - now).sort((a, b) => a - b)
    },
    /** Moves the clock forward, firing every timer that falls due, in order. */
    advance(ms: number) {
      const target = now + ms
      for (let next = earliest(); next !== undefined && next[1].at <= target; next = earliest()) {
        pending.delete(next[0])
        now = next[1].at
        next[1].callback()
      }
      now = target
    },
  }
  return timers satisfies Timers
}

/** The platform timers, counting the ones still alive (scheduled, not fired, not cleared). */
export function createCountingTimers(base: Timers = defaultTimers()) {
  const live = new Set<unknown>()
  let scheduled = 0
  const timers = {
    now: () => base.now(),
    setTimeout(callback: () => void, ms: number) {
      scheduled++
      const handle: unknown = base.setTimeout(() => {
        live.delete(handle)
        callback()
      }, ms)
      live.add(handle)
      return handle
    },
    clearTimeout(handle: unknown) {
      live.delete(handle)
      base.clearTimeout(handle)
    },
    get live() {
      return live.size
    },
    get scheduled() {
      return scheduled
    },
  }
  return timers satisfies Timers
}
