import { type ChatSession, type ChatSnapshot, isActiveStatus } from '../core/index.js'
import { useChatSession } from './use-chat-session.js'

/** Live numbers about the current response. */
export interface StreamMetricsView {
  /** ms from send to the first token; undefined until it arrives. */
  timeToFirstTokenMs: number | undefined
  tokensPerSecond: number
  charactersPerSecond: number
  tokens: number
  bytes: number
  reconnects: number
  /** Gaps between frames longer than the stall threshold. */
  stalls: number
  /** True while a response is in flight (submitted, streaming, reconnecting or offline). */
  live: boolean
}

function view(snapshot: ChatSnapshot): StreamMetricsView {
  const { metrics, status } = snapshot
  return {
    timeToFirstTokenMs: metrics.timeToFirstTokenMs,
    tokensPerSecond: metrics.tokensPerSecond,
    charactersPerSecond: metrics.charactersPerSecond,
    tokens: metrics.tokens,
    bytes: metrics.bytes,
    reconnects: metrics.reconnects,
    stalls: metrics.stalls,
    live: isActiveStatus(status),
  }
}

function sameView(a: StreamMetricsView, b: StreamMetricsView): boolean {
  for (const key of Object.keys(a) as (keyof StreamMetricsView)[])
    if (!Object.is(a[key], b[key])) return false
  return true
}

/**
 * Time to first token, tokens per second, reconnects, stalls and whether a response is live, for a
 * session (`useStreamingChat(...).session`). Re-renders only when one of these numbers changes.
 */
export function useStreamMetrics(session: ChatSession): StreamMetricsView {
  return useChatSession(session, view, sameView)
}
