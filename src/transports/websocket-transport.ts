import {
  type AsyncQueue,
  type ChatTransport,
  createAsyncQueue,
  DEFAULT_RETRY,
  decideRetry,
  defaultTimers,
  type Frame,
  type RetryOptions,
  StreamError,
  type Timers,
  type TransportContext,
} from '../core/index.js'
import { classifyCloseCode } from './close-codes.js'
import { createOutboundQueue } from './outbound-queue.js'

type SocketLike = Pick<WebSocket, 'readyState' | 'bufferedAmount' | 'send' | 'close'> & {
  onopen: ((event: unknown) => void) | null
  onmessage: ((event: { data: unknown }) => void) | null
  onclose: ((event: { code: number; reason: string }) => void) | null
  onerror: ((event: unknown) => void) | null
}

export interface WebSocketTransportOptions {
  /** ws:// or wss:// endpoint. */
  url: string
  /** Subprotocols. @default undefined */
  protocols?: string | string[]
  /** The WebSocket constructor; read from the global when connecting. @default globalThis.WebSocket */
  WebSocket?: new (
    url: string,
    protocols?: string | string[],
  ) => unknown
  /** Reconnect backoff and budgets; `false` makes every close final. @default DEFAULT_RETRY */
  retry?: Partial<RetryOptions> | false
  /** Time to 'open' before the attempt fails with `timeout`, ms. @default 10000 */
  connectTimeoutMs?: number
  /** App-level ping while open; `false` sends none. @default { intervalMs: 20000, message: '{"type":"ping"}' } */
  heartbeat?: { intervalMs: number; message: string } | false
  /** Time without any message before the socket counts as dead, ms. @default 45000 */
  idleTimeoutMs?: number
  /** Messages queued while disconnected; more throw `queue_overflow`. @default 100 */
  maxQueuedMessages?: number
  /** Characters queued while disconnected. @default 1048576 */
  maxQueuedBytes?: number
  /** Queued messages older than this are not sent, ms. @default 30000 */
  queueTtlMs?: number
  /** Above this `bufferedAmount`, sends queue instead (backpressure). @default 1048576 */
  highWaterMark?: number
  /** What a response's request looks like on the wire. @default the user's text */
  encodeMessage?: (context: TransportContext) => string
  /** Sent after a reconnect mid-response; `false` never resumes. @default JSON `{type:'resume', lastSeq}` */
  resumeMessage?: ((lastSeq: number) => string) | false
  /** Sent by `stop()`. @default '{"type":"cancel"}' */
  cancelMessage?: string | false
  /** Reads a message's sequence number (for resume and de-duplication). @default the JSON `seq` field */
  sequenceOf?: (data: string) => number | undefined
  /** Messages that are not frames of the response (pongs). @default `{"type":"pong"}` */
  isControlMessage?: (data: string) => boolean
  /** Clock and timers. @default defaultTimers() */
  timers?: Timers
  /** Randomness for backoff jitter. @default Math.random */
  random?: () => number
}

export const DEFAULT_WEBSOCKET_OPTIONS = Object.freeze({
  connectTimeoutMs: 10_000,
  heartbeat: Object.freeze({ intervalMs: 20_000, message: '{"type":"ping"}' }),
  idleTimeoutMs: 45_000,
  maxQueuedMessages: 100,
  maxQueuedBytes: 1024 * 1024,
  queueTtlMs: 30_000,
  highWaterMark: 1024 * 1024,
  retry: DEFAULT_RETRY,
})

function defaultSequenceOf(data: string): number | undefined {
  if (!data.includes('"seq"')) return undefined
  try {
    const seq = (JSON.parse(data) as { seq?: unknown }).seq
    return typeof seq === 'number' ? seq : undefined
  } catch {
    return undefined
  }
}

const OPEN = 1

/** The WebSocket transport, with `send` for bidirectional agents. */
export interface WebSocketTransport extends ChatTransport {
  /** Sends now, or queues while disconnected / above the high-water mark. Throws `queue_overflow` when full. */
  send(data: string): 'sent' | 'queued'
  /** Messages waiting in the outbound queue. */
  readonly queued: number
}

interface ActiveResponse {
  context: TransportContext
  frames: AsyncQueue<Frame>
  delivered: boolean
  lastSeq: number | undefined
  attempt: number
  startedAt: number
}

/**
 * A WebSocket agent: one socket, reconnect with the shared backoff, heartbeat and idle deadline,
 * close-code policy, a bounded outbound queue, and a resume message carrying the last sequence
 * number after a reconnect mid-response.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const timers = options.timers ?? defaultTimers()
  const random = options.random ?? Math.random
  const retry = options.retry === false ? undefined : { ...DEFAULT_RETRY, ...options.retry }
  const heartbeat = options.heartbeat === undefined ? DEFAULT_WEBSOCKET_OPTIONS.heartbeat : options.heartbeat
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_WEBSOCKET_OPTIONS.idleTimeoutMs
  const highWaterMark = options.highWaterMark ?? DEFAULT_WEBSOCKET_OPTIONS.highWaterMark
  const sequenceOf = options.sequenceOf ?? defaultSequenceOf
  const isControl = options.isControlMessage ?? ((data: string) => data === '{"type":"pong"}')
  const resumeMessage =
    options.resumeMessage === undefined
      ? (lastSeq: number) => JSON.stringify({ type: 'resume', lastSeq })
      : options.resumeMessage
  const queue = createOutboundQueue({
    maxMessages: options.maxQueuedMessages ?? DEFAULT_WEBSOCKET_OPTIONS.maxQueuedMessages,
    maxBytes: options.maxQueuedBytes ?? DEFAULT_WEBSOCKET_OPTIONS.maxQueuedBytes,
    ttlMs: options.queueTtlMs ?? DEFAULT_WEBSOCKET_OPTIONS.queueTtlMs,
  })

  let socket: SocketLike | undefined
  let opened = false
  let active: ActiveResponse | undefined
  let timersInUse: unknown[] = []
  let lastActivity = 0
  let reconnectTimer: unknown

  const clearTimers = () => {
    for (const handle of timersInUse) timers.clearTimeout(handle)
    timersInUse = []
  }
  const later = (callback: () => void, ms: number) => {
    const handle = timers.setTimeout(callback, ms)
    timersInUse.push(handle)
  }

  function flushQueue() {
    if (!socket || socket.readyState !== OPEN) return
    const { fresh } = queue.drain(timers.now())
    for (let index = 0; index < fresh.length; index++) {
      if (socket.bufferedAmount > highWaterMark) {
        queue.unshift(fresh.slice(index), timers.now())
        later(flushQueue, 50)
        return
      }
      socket.send(fresh[index] as string)
    }
  }

  function detach(target: SocketLike) {
    target.onopen = target.onmessage = target.onclose = null
    // A detached socket can still error while it dies; keep a listener so nothing goes unhandled.
    target.onerror = () => {}
    if (socket === target) {
      socket = undefined
      opened = false
    }
    clearTimers()
  }

  function connect() {
    if (socket) return
    const Constructor = options.WebSocket ?? globalThis.WebSocket
    if (typeof Constructor !== 'function') {
      failActive(new StreamError('environment', 'no WebSocket constructor in this runtime'))
      return
    }
    const target = (
      options.protocols === undefined
        ? new Constructor(options.url)
        : new Constructor(options.url, options.protocols)
    ) as SocketLike
    socket = target
    opened = false
    active?.context.onConnection({ status: 'connecting' })
    later(() => {
      if (socket === target && !opened)
        dropped(target, new StreamError('timeout', 'WebSocket did not open in time', { retryable: true }), 1)
    }, options.connectTimeoutMs ?? DEFAULT_WEBSOCKET_OPTIONS.connectTimeoutMs)
    target.onopen = () => {
      opened = true
      lastActivity = timers.now()
      clearTimers()
      active?.context.onConnection({ status: 'open' })
      if (active?.delivered && active.lastSeq !== undefined && resumeMessage)
        target.send(resumeMessage(active.lastSeq))
      flushQueue()
      if (heartbeat) {
        const beat = () => {
          if (socket !== target) return
          if (target.readyState === OPEN) target.send(heartbeat.message)
          later(beat, heartbeat.intervalMs)
        }
        later(beat, heartbeat.intervalMs)
      }
      const watch = () => {
        if (socket !== target) return
        const quiet = timers.now() - lastActivity
        if (quiet >= idleTimeoutMs) {
          // A half-open socket may never finish the closing handshake: stop waiting for it.
          target.close(4000, 'idle')
          dropped(
            target,
            new StreamError('idle_timeout', `no message for ${idleTimeoutMs} ms`, { retryable: true }),
            1,
          )
          return
        }
        later(watch, idleTimeoutMs - quiet)
      }
      later(watch, idleTimeoutMs)
    }
    target.onmessage = (event) => {
      lastActivity = timers.now()
      const data = typeof event.data === 'string' ? event.data : String(event.data)
      const response = active
      if (response === undefined || isControl(data)) return
      const seq = sequenceOf(data)
      if (seq !== undefined) {
        // Overlap after a resume: already delivered.
        if (response.lastSeq !== undefined && seq <= response.lastSeq) return
        response.lastSeq = seq
      }
      response.delivered = true
      response.context.onBytes?.(data.length)
      response.frames.push(seq === undefined ? { data } : { data, id: String(seq) })
      if (seq !== undefined) response.context.onCursor?.(String(seq))
    }
    target.onerror = () => {
      // The close event that follows carries the code.
    }
    target.onclose = (event) => {
      const policy = classifyCloseCode(event.code, event.reason)
      const error = new StreamError(
        policy.code,
        `WebSocket closed ${event.code}${event.reason ? `: ${event.reason}` : ''}`,
        {
          retryable: policy.reconnect,
          status: event.code,
        },
      )
      if (event.code === 1000 && active) {
        detach(target)
        active.frames.end()
        return
      }
      dropped(target, error, policy.delayFactor)
    }
  }

  function failActive(error: StreamError) {
    active?.frames.fail(error)
  }

  function dropped(target: SocketLike, error: StreamError, delayFactor: number) {
    if (socket !== target) return
    detach(target)
    try {
      target.close()
    } catch {
      // Closing a socket that never opened may throw in some runtimes.
    }
    const response = active
    if (response === undefined) return
    if (response.delivered && (response.lastSeq === undefined || resumeMessage === false)) {
      failActive(
        new StreamError(
          'interrupted',
          'the socket dropped mid-answer and the server gave no sequence numbers',
          { cause: error },
        ),
      )
      return
    }
    if (retry === undefined) return failActive(error)
    const decision = decideRetry({
      attempt: response.attempt,
      error,
      elapsedMs: timers.now() - response.startedAt,
      options: { ...retry, baseDelayMs: retry.baseDelayMs * delayFactor },
      random,
    })
    if (!decision.retry) return failActive(decision.error)
    response.attempt++
    response.context.onConnection({
      status: 'reconnecting',
      attempt: response.attempt,
      delayMs: decision.delayMs,
      error,
    })
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = undefined
      if (active === response) connect()
    }, decision.delayMs)
  }

  const transport: WebSocketTransport = {
    name: 'websocket',
    get queued() {
      return queue.size
    },
    send(data) {
      if (
        socket &&
        opened &&
        socket.readyState === OPEN &&
        queue.size === 0 &&
        socket.bufferedAmount <= highWaterMark
      ) {
        socket.send(data)
        return 'sent'
      }
      queue.push(data, timers.now())
      return 'queued'
    },
    async *stream(context) {
      if (context.signal.aborted) return
      const frames = createAsyncQueue<Frame>()
      const response: ActiveResponse = {
        context,
        frames,
        delivered: false,
        lastSeq: undefined,
        attempt: 0,
        startedAt: timers.now(),
      }
      active?.frames.end()
      active = response
      const onAbort = () => frames.end()
      context.signal.addEventListener('abort', onAbort, { once: true })
      try {
        if (socket === undefined) connect()
        else if (opened) context.onConnection({ status: 'open' })
        transport.send(options.encodeMessage ? options.encodeMessage(context) : context.text)
        yield* frames
      } finally {
        context.signal.removeEventListener('abort', onAbort)
        if (active === response) active = undefined
        if (reconnectTimer !== undefined && active === undefined) {
          timers.clearTimeout(reconnectTimer)
          reconnectTimer = undefined
        }
      }
    },
    async cancel() {
      if (options.cancelMessage === false) return
      const message = options.cancelMessage ?? '{"type":"cancel"}'
      if (socket && opened && socket.readyState === OPEN) socket.send(message)
    },
    close() {
      active?.frames.end()
      active = undefined
      if (reconnectTimer !== undefined) timers.clearTimeout(reconnectTimer)
      const target = socket
      if (target) {
        detach(target)
        target.close(1000, 'client closed')
      }
    },
  }
  return transport
}
