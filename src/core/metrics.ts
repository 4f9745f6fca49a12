/** Live numbers about the current response, in the snapshot. */
export interface StreamMetrics {
  /** Epoch ms the current response was sent. */
  startedAt: number | undefined
  /** ms from send to the first text or reasoning token. */
  timeToFirstTokenMs: number | undefined
  /** Text and reasoning deltas received. */
  tokens: number
  /** Characters received in those deltas. */
  characters: number
  /** Deltas per second since the first token. */
  tokensPerSecond: number
  /** Characters per second since the first token. */
  charactersPerSecond: number
  /** Frames received. */
  events: number
  /** Bytes received off the wire (transports that count them). */
  bytes: number
  /** Reconnect attempts during the response. */
  reconnects: number
  /** Gaps between frames longer than the stall threshold. */
  stalls: number
}

export const EMPTY_METRICS: Readonly<StreamMetrics> = Object.freeze({
  startedAt: undefined,
  timeToFirstTokenMs: undefined,
  tokens: 0,
  characters: 0,
  tokensPerSecond: 0,
  charactersPerSecond: 0,
  events: 0,
  bytes: 0,
  reconnects: 0,
  stalls: 0,
})

/** Mutable counters behind the metrics; `read()` makes the immutable view. */
export interface MetricsRecorder {
  start(now: number): void
  token(characters: number, now: number): void
  frame(now: number): void
  bytes(count: number): void
  reconnect(): void
  read(): StreamMetrics
}

export function createMetricsRecorder(stallThresholdMs: number): MetricsRecorder {
  let startedAt: number | undefined
  let firstTokenAt: number | undefined
  let lastTokenAt = 0
  let lastFrameAt: number | undefined
  let tokens = 0
  let characters = 0
  let events = 0
  let bytes = 0
  let reconnects = 0
  let stalls = 0
  return {
    start(now) {
      startedAt = now
      firstTokenAt = undefined
      lastFrameAt = undefined
      tokens = characters = events = bytes = reconnects = stalls = 0
    },
    token(count, now) {
      if (firstTokenAt === undefined) firstTokenAt = now
      lastTokenAt = now
      tokens++
      characters += count
    },
    frame(now) {
      if (lastFrameAt !== undefined && now - lastFrameAt > stallThresholdMs) stalls++
      lastFrameAt = now
      events++
    },
    bytes(count) {
      bytes += count
    },
    reconnect() {
      reconnects++
      // The wait is not a stall of the stream itself.
      lastFrameAt = undefined
    },
    read() {
      const seconds = firstTokenAt === undefined ? 0 : (lastTokenAt - firstTokenAt) / 1000
      return {
        startedAt,
        timeToFirstTokenMs:
          startedAt === undefined || firstTokenAt === undefined ? undefined : firstTokenAt - startedAt,
        tokens,
        characters,
        tokensPerSecond: seconds > 0 ? tokens / seconds : 0,
        charactersPerSecond: seconds > 0 ? characters / seconds : 0,
        events,
        bytes,
        reconnects,
        stalls,
      }
    },
  }
}
