import {
  type AsyncQueue,
  browserEnvironment,
  createAsyncQueue,
  DEFAULT_RETRY,
  decideRetry,
  defaultTimers,
  type Frame,
  StreamError,
  type TransportContext,
  toWireToolCall,
} from '../core/index.js'
import { agentReconnectDelay } from './agent-reconnect.js'
import { createAgentSocketStore, type ReadyState } from './agent-socket-state.js'
import { isUnauthorized } from './auth-probe.js'
import { classifyCloseCode } from './close-codes.js'
import { createOutboundQueue } from './outbound-queue.js'
import {
  DEFAULT_WEBSOCKET_OPTIONS,
  defaultSequenceOf,
  OPEN,
  type SocketLike,
  type WebSocketTransport,
  type WebSocketTransportOptions,
} from './websocket-options.js'

export type { SendResult, WebSocketTransport, WebSocketTransportOptions } from './websocket-options.js'
export { DEFAULT_WEBSOCKET_OPTIONS } from './websocket-options.js'

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
 * number after a reconnect mid-response. After `connect()` the socket is long-lived: it stays open
 * between responses and reconnects in the background.
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
  const reconnectOptions = {
    suspendAfterMs: options.suspendAfterMs ?? DEFAULT_WEBSOCKET_OPTIONS.suspendAfterMs,
    suspendedRetryMs: options.suspendedRetryMs ?? DEFAULT_WEBSOCKET_OPTIONS.suspendedRetryMs,
  }
  const authProbeAfter = options.authProbeAfterFailures ?? DEFAULT_WEBSOCKET_OPTIONS.authProbeAfterFailures
  const queue = createOutboundQueue({
    maxMessages: options.maxQueuedMessages ?? DEFAULT_WEBSOCKET_OPTIONS.maxQueuedMessages,
    maxBytes: options.maxQueuedBytes ?? DEFAULT_WEBSOCKET_OPTIONS.maxQueuedBytes,
    ttlMs: options.queueTtlMs ?? DEFAULT_WEBSOCKET_OPTIONS.queueTtlMs,
  })
  const store = createAgentSocketStore()
  const messageListeners = new Set<(data: string) => void>()

  let socket: SocketLike | undefined
  let opened = false
  let active: ActiveResponse | undefined
  let timersInUse: unknown[] = []
  let lastActivity = 0
  let reconnectTimer: unknown
  // The long-lived agent socket (connect() until close()).
  let keepAlive = false
  let stopEnvironment: (() => void) | undefined
  let backgroundAttempt = 0
  let downSince: number | undefined
  let openedAt = 0
  let messagesSinceOpen = 0
  let handshakeFailures = 0
  let probing = false

  const environment = () => options.environment ?? browserEnvironment()
  const syncQueued = () => store.dispatch({ type: 'queued', count: queue.size })

  let flushScheduled = false
  const clearTimers = () => {
    for (const handle of timersInUse) timers.clearTimeout(handle)
    timersInUse = []
    flushScheduled = false
  }
  const later = (callback: () => void, ms: number) => {
    const handle = timers.setTimeout(callback, ms)
    timersInUse.push(handle)
  }
  const clearReconnect = () => {
    if (reconnectTimer !== undefined) timers.clearTimeout(reconnectTimer)
    reconnectTimer = undefined
  }

  /** One pending retry of the flush while the socket drains, however many sends hit backpressure. */
  function scheduleFlush() {
    if (flushScheduled) return
    flushScheduled = true
    later(() => {
      flushScheduled = false
      flushQueue()
    }, 50)
  }

  function flushQueue() {
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
    syncQueued()
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
    clearReconnect()
    const Constructor = options.WebSocket ?? globalThis.WebSocket
    if (typeof Constructor !== 'function') {
      const error = new StreamError('environment', 'no WebSocket constructor in this runtime')
      failActive(error)
      store.dispatch({ type: 'failed', error })
      return
    }
    const target = (
      options.protocols === undefined
        ? new Constructor(options.url)
        : new Constructor(options.url, options.protocols)
    ) as SocketLike
    socket = target
    opened = false
    store.dispatch({ type: 'connecting' })
    active?.context.onConnection({ status: 'connecting' })
    later(() => {
      if (socket === target && !opened)
        dropped(target, new StreamError('timeout', 'WebSocket did not open in time', { retryable: true }), 1)
    }, options.connectTimeoutMs ?? DEFAULT_WEBSOCKET_OPTIONS.connectTimeoutMs)
    target.onopen = () => {
      opened = true
      openedAt = lastActivity = timers.now()
      messagesSinceOpen = 0
      handshakeFailures = 0
      clearTimers()
      store.dispatch({ type: 'open' })
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
        if (quiet >= idleTimeoutMs) return idle(target)
        later(watch, idleTimeoutMs - quiet)
      }
      later(watch, idleTimeoutMs)
    }
    target.onmessage = (event) => {
      lastActivity = timers.now()
      messagesSinceOpen++
      const data = typeof event.data === 'string' ? event.data : String(event.data)
      if (isControl(data)) return
      for (const listener of [...messageListeners]) {
        try {
          listener(data)
        } catch {
          // A listener's bug must not stop the stream.
        }
      }
      const response = active
      if (response === undefined) return
      // Healthy connection (uptime and a message): the next drop starts the backoff over.
      if (retry && response.attempt > 0 && timers.now() - openedAt >= retry.healthyAfterMs)
        response.attempt = 0
      const seq = sequenceOf(data)
      if (seq !== undefined) {
        // Overlap after a resume: already delivered.
        if (response.lastSeq !== undefined && seq <= response.lastSeq) return
        response.lastSeq = seq
      }
      response.delivered = true
      response.context.onBytes?.(data.length)
      response.frames.push(seq === undefined ? { data } : { data, id: String(seq) })
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
        if (keepAlive) scheduleBackground(error, 1)
        else store.dispatch({ type: 'closed' })
        return
      }
      dropped(target, error, policy.delayFactor)
    }
  }

  function idle(target: SocketLike) {
    // A half-open socket may never finish the closing handshake: stop waiting for it.
    target.close(4000, 'idle')
    dropped(
      target,
      new StreamError('idle_timeout', `no message for ${idleTimeoutMs} ms`, { retryable: true }),
      1,
    )
  }

  function failActive(error: StreamError) {
    active?.frames.fail(error)
  }

  /** The response's own verdict on a drop: the delay it wants, or undefined when it ended (or there is none). */
  function responseRetry(error: StreamError, delayFactor: number): number | undefined {
    const response = active
    if (response === undefined) return undefined
    if (response.delivered && (response.lastSeq === undefined || resumeMessage === false)) {
      failActive(
        new StreamError(
          'interrupted',
          'the socket dropped mid-answer and the server gave no sequence numbers',
          { cause: error },
        ),
      )
      return undefined
    }
    if (retry === undefined) {
      failActive(error)
      return undefined
    }
    const decision = decideRetry({
      attempt: response.attempt,
      error,
      elapsedMs: timers.now() - response.startedAt,
      options: { ...retry, baseDelayMs: retry.baseDelayMs * delayFactor },
      random,
    })
    if (!decision.retry) {
      failActive(decision.error)
      return undefined
    }
    response.attempt++
    response.context.onConnection({
      status: 'reconnecting',
      attempt: response.attempt,
      delayMs: decision.delayMs,
      error,
    })
    return decision.delayMs
  }

  function dropped(target: SocketLike, error: StreamError, delayFactor: number) {
    if (socket !== target) return
    const wasOpen = opened
    const healthy =
      wasOpen && messagesSinceOpen > 0 && timers.now() - openedAt >= (retry?.healthyAfterMs ?? 0)
    detach(target)
    try {
      target.close()
    } catch {
      // Closing a socket that never opened may throw in some runtimes.
    }
    if (!wasOpen) handshakeFailures++
    if (healthy) {
      backgroundAttempt = 0
      downSince = undefined
    }
    const responseDelay = responseRetry(error, delayFactor)
    if (keepAlive) return scheduleBackground(error, delayFactor, responseDelay)
    if (responseDelay === undefined) {
      store.dispatch(error.retryable ? { type: 'closed', error } : { type: 'failed', error })
      return
    }
    const response = active
    store.dispatch({ type: 'reconnecting', error, retryInMs: responseDelay })
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = undefined
      if (active === response) connect()
    }, responseDelay)
  }

  function giveUp(error: StreamError) {
    keepAlive = false
    stopEnvironment?.()
    stopEnvironment = undefined
    clearReconnect()
    failActive(error)
    // A server's normal close (1000) ends the agent socket without it being a failure.
    const normal = error.code === 'closed' && error.status === 1000
    store.dispatch(normal ? { type: 'closed', error } : { type: 'failed', error })
  }

  /** The agent socket's next attempt: backoff without a limit, then suspended; sooner if a response wants it. */
  function scheduleBackground(error: StreamError, delayFactor: number, responseDelay?: number) {
    if (!error.retryable || retry === undefined) return giveUp(error)
    if (options.authProbe !== undefined && handshakeFailures >= authProbeAfter && !probing) {
      probing = true
      store.dispatch({ type: 'reconnecting', error })
      void isUnauthorized(options.authProbe, options.fetch).then((unauthorized) => {
        probing = false
        // Probe once per streak of failures, not after every later one.
        handshakeFailures = Number.NEGATIVE_INFINITY
        if (!keepAlive) return
        if (unauthorized) {
          giveUp(
            new StreamError('unauthorized', 'the WebSocket handshake is refused: not authorized', {
              cause: error,
            }),
          )
        } else scheduleBackground(error, delayFactor, responseDelay)
      })
      return
    }
    const now = timers.now()
    downSince ??= now
    const next = agentReconnectDelay({
      attempt: backgroundAttempt,
      downForMs: now - downSince,
      delayFactor,
      retry,
      options: reconnectOptions,
      random,
    })
    backgroundAttempt++
    const delayMs = responseDelay === undefined ? next.delayMs : Math.min(responseDelay, next.delayMs)
    clearReconnect()
    store.dispatch({
      type: 'reconnecting',
      suspended: next.suspended,
      attempt: backgroundAttempt,
      retryInMs: delayMs,
      error,
    })
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = undefined
      reconnectNow()
    }, delayMs)
  }

  function reconnectNow() {
    if (socket || (!keepAlive && active === undefined)) return
    // Offline: wait for the 'online' event rather than burn attempts.
    if (keepAlive && !environment().isOnline()) return
    connect()
  }

  function onEnvironmentChange() {
    const env = environment()
    if (!keepAlive || !env.isOnline()) return
    if (socket === undefined) {
      // Back online or visible: try now instead of waiting out the backoff.
      if (!probing && env.isVisible()) reconnectNow()
      return
    }
    // Timers are throttled in hidden tabs: re-check liveness from the timestamp when visible again.
    if (opened && env.isVisible() && timers.now() - lastActivity >= idleTimeoutMs) idle(socket)
  }

  const transport: WebSocketTransport = {
    name: 'websocket',
    get queued() {
      return queue.size
    },
    get readyState() {
      return (socket?.readyState ?? 3) as ReadyState
    },
    send(data) {
      return transport.sendRaw(data) === 'sent' ? 'sent' : 'queued'
    },
    sendRaw(data) {
      const open = socket !== undefined && opened && socket.readyState === OPEN
      if (open && queue.size === 0 && (socket as SocketLike).bufferedAmount <= highWaterMark) {
        ;(socket as SocketLike).send(data)
        return 'sent'
      }
      queue.push(data, timers.now())
      syncQueued()
      if (!open) return 'queued'
      // Over the high-water mark: the queue (bounded) holds it until the socket drains.
      scheduleFlush()
      return 'backpressure'
    },
    connect() {
      if (keepAlive) return
      keepAlive = true
      stopEnvironment = environment().subscribe(onEnvironmentChange)
      if (socket === undefined && reconnectTimer === undefined) reconnectNow()
      if (socket === undefined && reconnectTimer === undefined) store.dispatch({ type: 'reconnecting' })
    },
    getState: () => store.getSnapshot(),
    subscribe: (listener) => store.subscribe(listener),
    onMessage(listener) {
      messageListeners.add(listener)
      return () => {
        messageListeners.delete(listener)
      }
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
        // A user's message is worth an attempt now, even while the agent socket backs off.
        if (socket === undefined && !probing) connect()
        else if (opened) context.onConnection({ status: 'open' })
        transport.send(options.encodeMessage ? options.encodeMessage(context) : defaultMessage(context))
        yield* frames
      } finally {
        context.signal.removeEventListener('abort', onAbort)
        if (active === response) active = undefined
        if (active === undefined && !keepAlive) clearReconnect()
      }
    },
    async cancel() {
      if (options.cancelMessage === false) return
      const message = options.cancelMessage ?? DEFAULT_WEBSOCKET_OPTIONS.cancelMessage
      if (socket && opened && socket.readyState === OPEN) socket.send(message)
    },
    close() {
      keepAlive = false
      stopEnvironment?.()
      stopEnvironment = undefined
      active?.frames.end()
      active = undefined
      clearReconnect()
      backgroundAttempt = 0
      downSince = undefined
      handshakeFailures = 0
      const target = socket
      if (target) {
        detach(target)
        target.close(1000, 'client closed')
      }
      store.dispatch({ type: 'closed', resetAttempts: true })
    },
  }
  return transport
}

/**
 * The user's text; a continuation (docs/tools.md) sends its tool calls instead of that text again:
 * JSON `{type: 'continue', messageId, toolCalls}`.
 */
function defaultMessage(context: TransportContext): string {
  const continuation = context.continuation
  if (continuation === undefined) return context.text
  return JSON.stringify({
    type: 'continue',
    messageId: continuation.messageId,
    toolCalls: continuation.toolCalls.map(toWireToolCall),
  })
}
