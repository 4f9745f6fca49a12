import { StreamError } from '../core/index.js'

export interface OutboundQueueOptions {
  maxMessages: number
  maxBytes: number
  ttlMs: number
}

/** Messages waiting for an open socket. Bounded: overflow throws `queue_overflow`, never drops silently. */
export function createOutboundQueue(options: OutboundQueueOptions) {
  let items: { data: string; at: number }[] = []
  let bytes = 0
  return {
    get size() {
      return items.length
    },
    push(data: string, now: number) {
      if (items.length >= options.maxMessages || bytes + data.length > options.maxBytes) {
        throw new StreamError(
          'queue_overflow',
          `outbound queue is full (${options.maxMessages} messages / ${options.maxBytes} bytes)`,
        )
      }
      items.push({ data, at: now })
      bytes += data.length
    },
    /** Removes and returns what is still fresh, in order, and what was too old to send. */
    drain(now: number): { fresh: string[]; expired: string[] } {
      const fresh = items.filter((item) => now - item.at <= options.ttlMs).map((item) => item.data)
      const expired = items.filter((item) => now - item.at > options.ttlMs).map((item) => item.data)
      items = []
      bytes = 0
      return { fresh, expired }
    },
    /** Puts back messages that could not be sent yet, ahead of newer ones. */
    unshift(data: readonly string[], now: number) {
      items = [...data.map((text) => ({ data: text, at: now })), ...items]
      bytes += data.reduce((sum, text) => sum + text.length, 0)
    },
  }
}
