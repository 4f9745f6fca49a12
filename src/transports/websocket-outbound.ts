import { StreamError, type Timers } from '../core/index.js'
import { createOutboundQueue } from './outbound-queue.js'
import {
  DEFAULT_WEBSOCKET_OPTIONS,
  OPEN,
  type SendResult,
  type SocketLike,
  type WebSocketTransportOptions,
} from './websocket-options.js'

export interface OutboundOptions {
  options: WebSocketTransportOptions
  timers: Timers
  /** The socket when it is open, else undefined. */
  openSocket(): SocketLike | undefined
  /** A timer that is cleared when the socket detaches. */
  later(callback: () => void, ms: number): void
  /** The queue's length changed. */
  onQueued(count: number): void
}

/**
 * What the app sends over the agent socket: now when the socket is open and drained, else into the
 * bounded queue (while disconnected, or above the high-water mark), flushed on open and as the
 * socket drains. Expired messages go to `onSendError`, never silently.
 */
export function createOutbound({ options, timers, openSocket, later, onQueued }: OutboundOptions) {
  const highWaterMark = options.highWaterMark ?? DEFAULT_WEBSOCKET_OPTIONS.highWaterMark
  const queue = createOutboundQueue({
    maxMessages: options.maxQueuedMessages ?? DEFAULT_WEBSOCKET_OPTIONS.maxQueuedMessages,
    maxBytes: options.maxQueuedBytes ?? DEFAULT_WEBSOCKET_OPTIONS.maxQueuedBytes,
    ttlMs: options.queueTtlMs ?? DEFAULT_WEBSOCKET_OPTIONS.queueTtlMs,
  })
  let flushScheduled = false

  /** One pending retry of the flush while the socket drains, however many sends hit backpressure. */
  function scheduleFlush() {
    if (flushScheduled) return
    flushScheduled = true
    later(() => {
      flushScheduled = false
      flush()
    }, 50)
  }

  function flush() {
    const socket = openSocket()
    if (!socket || socket.readyState !== OPEN) return
    const { fresh, expired } = queue.drain(timers.now())
    for (const data of expired) {
      try {
        options.onSendError?.(new StreamError('expired', 'a queued message waited too long to be sent'), data)
      } catch {
        // The app's callback must not stop the flush.
      }
    }
    for (let index = 0; index < fresh.length; index++) {
      if (socket.bufferedAmount > highWaterMark) {
        queue.unshift(fresh.slice(index), timers.now())
        scheduleFlush()
        break
      }
      socket.send(fresh[index] as string)
    }
    onQueued(queue.size)
  }

  return {
    get size() {
      return queue.size
    },
    flush,
    /** The socket's timers were cleared (it detached): a later backpressure may schedule a flush again. */
    timersCleared() {
      flushScheduled = false
    },
    send(data: string): SendResult {
      const socket = openSocket()
      const open = socket !== undefined && socket.readyState === OPEN
      if (open && queue.size === 0 && socket.bufferedAmount <= highWaterMark) {
        socket.send(data)
        return 'sent'
      }
      queue.push(data, timers.now())
      onQueued(queue.size)
      if (!open) return 'queued'
      // Over the high-water mark: the queue (bounded) holds it until the socket drains.
      scheduleFlush()
      return 'backpressure'
    },
  }
}
