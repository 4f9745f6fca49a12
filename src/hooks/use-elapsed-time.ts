import { useEffect, useState } from 'react'

/** The clock, re-read every `intervalMs` while `running`; no timer exists otherwise. */
export function useNow(running: boolean, intervalMs = 1000, now: () => number = Date.now): number {
  const [time, setTime] = useState(now)
  useEffect(() => {
    if (!running) return
    const tick = () => setTime(now())
    // The first tick comes at once (the state may be stale from an earlier run), then on the interval.
    const first = setTimeout(tick, 0)
    const timer = setInterval(tick, intervalMs)
    return () => {
      clearTimeout(first)
      clearInterval(timer)
    }
  }, [running, intervalMs, now])
  return time
}

/**
 * Milliseconds since `since` (epoch ms), ticking every `intervalMs` while `running`. When not
 * running it is `until - since` (0 without `until`).
 */
export function useElapsedTime(
  since: number | undefined,
  options: { running: boolean; until?: number | undefined; intervalMs?: number; now?: () => number },
): number {
  const { running, until, intervalMs = 1000, now } = options
  const time = useNow(running && since !== undefined, intervalMs, now)
  if (since === undefined) return 0
  return Math.max(0, (running ? time : (until ?? since)) - since)
}
