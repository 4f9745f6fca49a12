export interface BackoffOptions {
  /** Ceiling of the first wait; doubles each attempt. @default 1000 */
  baseDelayMs: number
  /** No wait is longer than this. @default 30000 */
  maxDelayMs: number
  /** No wait is shorter than this, so a zero draw never hammers the server. @default 250 */
  minDelayMs: number
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  minDelayMs: 250,
})

/**
 * Full-jitter exponential backoff: a uniform draw in [0, min(max, base * 2^attempt)], floored at
 * `minDelayMs`. Full jitter spreads a crowd of reconnecting clients best (AWS architecture blog).
 * `attempt` counts from 0. Pure: pass `random` to make it deterministic.
 */
export function backoffDelay(
  attempt: number,
  options: Partial<BackoffOptions> = {},
  random: () => number = Math.random,
): number {
  const { baseDelayMs, maxDelayMs, minDelayMs } = { ...DEFAULT_BACKOFF, ...options }
  const exponent = Math.max(0, Math.min(attempt, 52))
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** exponent)
  return Math.min(maxDelayMs, Math.max(minDelayMs, Math.round(random() * ceiling)))
}
