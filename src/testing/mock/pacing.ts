/** How fast the mock agent talks. */
export interface PacingOptions {
  /** Events per second after the first; 0 or Infinity sends everything at once. @default 40 */
  tokensPerSecond?: number | undefined
  /** Wait before the first event, ms. @default 300 */
  timeToFirstTokenMs?: number | undefined
  /** Random spread of each wait, 0 (steady) to 1 (0x-2x). Uses the seeded random. @default 0 */
  jitter?: number | undefined
}

export const DEFAULT_PACING = Object.freeze({ tokensPerSecond: 40, timeToFirstTokenMs: 300, jitter: 0 })

/** The wait before event `index` of a stream, ms. */
export function delayBefore(index: number, options: PacingOptions, random: () => number): number {
  const tokensPerSecond = options.tokensPerSecond ?? DEFAULT_PACING.tokensPerSecond
  const base =
    index === 0
      ? (options.timeToFirstTokenMs ?? DEFAULT_PACING.timeToFirstTokenMs)
      : tokensPerSecond > 0 && Number.isFinite(tokensPerSecond)
        ? 1000 / tokensPerSecond
        : 0
  const jitter = Math.min(1, Math.max(0, options.jitter ?? DEFAULT_PACING.jitter))
  if (base <= 0 || jitter === 0) return Math.max(0, base)
  return Math.max(0, Math.round(base * (1 + jitter * (2 * random() - 1))))
}
