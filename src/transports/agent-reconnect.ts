import { backoffDelay, type RetryOptions } from '../core/index.js'

export interface AgentReconnectOptions {
  /** Down this long (since the last healthy connection) → 'suspended'. @default 120000 */
  suspendAfterMs: number
  /** Wait between attempts while suspended, ±20 % jitter. @default 60000 */
  suspendedRetryMs: number
}

export const DEFAULT_AGENT_RECONNECT: Readonly<AgentReconnectOptions> = Object.freeze({
  suspendAfterMs: 120_000,
  suspendedRetryMs: 60_000,
})

/**
 * The background schedule of a long-lived agent socket: the shared full-jitter
 * backoff with no attempt limit, then after `suspendAfterMs` down one try every `suspendedRetryMs`
 * ±20 %, which stops an overnight storm (Ably uses 2 min to suspended). Pure.
 */
export function agentReconnectDelay(input: {
  attempt: number
  downForMs: number
  delayFactor: number
  retry: RetryOptions
  options: AgentReconnectOptions
  random: () => number
}): { delayMs: number; suspended: boolean } {
  if (input.downForMs >= input.options.suspendAfterMs) {
    const spread = 0.8 + 0.4 * input.random()
    return { delayMs: Math.round(input.options.suspendedRetryMs * spread), suspended: true }
  }
  const delayMs = backoffDelay(
    input.attempt,
    { ...input.retry, baseDelayMs: input.retry.baseDelayMs * input.delayFactor },
    input.random,
  )
  return { delayMs, suspended: false }
}
