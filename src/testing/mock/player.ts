import { sleep, type Timers } from '../../core/index.js'
import { delayBefore, type PacingOptions } from './pacing.js'

export interface PlayOptions {
  /** First index to emit (a resume starts past 0). */
  from: number
  /** One past the last index. */
  to: number
  pacing: PacingOptions
  random: () => number
  timers: Timers
  signal: AbortSignal
  /** Emits one event; returning false ends the play (a fault, a closed socket). */
  emit(index: number): boolean
}

/**
 * Emits events on the pacing schedule. The schedule is kept against the clock, not per timer: when
 * timers fire late (the 4 ms clamp, a throttled background tab) the events that are due go out
 * together, so the rate holds. Resolves true when all went out, false when stopped or aborted.
 */
export async function play(options: PlayOptions): Promise<boolean> {
  let due = options.timers.now()
  for (let index = options.from; index < options.to; index++) {
    due += delayBefore(index - options.from, options.pacing, options.random)
    const wait = due - options.timers.now()
    if (wait > 0) {
      try {
        await sleep(wait, options.signal, options.timers)
      } catch {
        return false
      }
    }
    if (options.signal.aborted || !options.emit(index)) return false
  }
  return true
}
