// Over ~300 lines on purpose: connect, open, message, close and the background schedule all read
// and write one socket's state (the socket, its timers, keep-alive, the failure streak, the attempt
// count). The response routing and the outbound queue are their own files; cutting the rest apart
// would pass that state around through accessor objects, which read worse and cost the core bundle
// (its size limit) about 100 bytes gzipped for nothing a user gets.
import { browserEnvironment, StreamError } from '../core/index.js'
import { agentReconnectDelay } from './agent-reconnect.js'
import { createAgentSocketStore, type ReadyState } from './agent-socket-state.js'
import { isUnauthorized } from './auth-probe.js'
import { classifyCloseCode } from './close-codes.js'
import {
  DEFAULT_WEBSOCKET_OPTIONS,
  OPEN,
  type SocketLike,
  type WebSocketTransport,
  type WebSocketTransportOptions,
} from './websocket-options.js'
import { createOutbound } from './websocket-outbound.js'
import type { ResponseRouter } from './websocket-response.js'

/** What the agent socket contributes to `WebSocketTransport`. */
export type AgentSocketSide = Pick<
  WebSocketTransport,
  'queued' | 'readyState' | 'sendRaw' | 'connect' | 'getState' | 'subscribe' | 'close'
>

/**
 * The agent socket's lifecycle: connect with a timeout, heartbeat and idle deadline, close-code
 * policy, background reconnects (backoff, then suspended; at once on online/visible; an auth probe
 * after repeated handshake failures) and the bounded outbound queue. What a message or a drop means
 * for the response streaming over it is the router's business (`websocket-response.ts`).
 */
export function createAgentConnection(options: WebSocketTransportOptions, router: ResponseRouter) {
  const { timers, random, retry } = router.options
  const heartbeat = options.heartbeat === undefined ? DEFAULT_WEBSOCKET_OPTIONS.heartbeat : options.heartbeat
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_WEBSOCKET_OPTIONS.idleTimeoutMs
  const isControl = options.isControlMessage ?? ((data: string) => data === '{"type":"pong"}')
  const reconnectOptions = {
    suspendAfterMs: options.suspendAfterMs ?? DEFAULT_WEBSOCKET_OPTIONS.suspendAfterMs,
    suspendedRetryMs: options.suspendedRetryMs ?? DEFAULT_WEBSOCKET_OPTIONS.suspendedRetryMs,
  }
  const authProbeAfter = options.authProbeAfterFailures ?? DEFAULT_WEBSOCKET_OPTIONS.authProbeAfterFailures
  const store = createAgentSocketStore()

  let socket: SocketLike | undefined
  let opened = false
  let timersInUse: unknown[] = []
  let lastActivity = 0
  let reconnectTimer: unknown
  // The long-lived agent socket (connect() until close()).
  let keepAlive = false
  let stopEnvironment: (() => void) | undefined
  let openedAt = 0
  let messagesSinceOpen = 0
  let handshakeFailures = 0
  let probing = false
  let backgroundAttempt = 0
  let downSince: number | undefined

  const environment = () => options.environment ?? browserEnvironment()
  const clearTimers = () => {
    for (const handle of timersInUse) timers.clearTimeout(handle)
    timersInUse = []
    outbound.timersCleared()
  }
  const later = (callback: () => void, ms: number) => {
    const handle = timers.setTimeout(callback, ms)
    timersInUse.push(handle)
  }
  const clearReconnect = () => {
    if (reconnectTimer !== undefined) timers.clearTimeout(reconnectTimer)
    reconnectTimer = undefined
  }

  const outbound = createOutbound({
    options,
    timers,
    openSocket: () => (opened ? socket : undefined),
    later,
    onQueued: (count) => store.dispatch({ type: 'queued', count }),
  })

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
      router.fail(error)
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
    router.report({ status: 'connecting' })
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
      router.report({ status: 'open' })
      const resume = router.resumeAfterReconnect()
      if (resume !== undefined) target.send(resume)
      outbound.flush()
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
      router.deliver(data, openedAt)
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
      const delayFactor = policy.delayFactor
      if (event.code === 1000 && router.current()) {
        detach(target)
        router.end()
        if (keepAlive) scheduleBackground(error, 1)
        else store.dispatch({ type: 'closed' })
        return
      }
      dropped(target, error, delayFactor)
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
    const responseDelay = router.retryAfterDrop(error, delayFactor)
    if (keepAlive) return scheduleBackground(error, delayFactor, responseDelay)
    if (responseDelay === undefined) {
      store.dispatch(error.retryable ? { type: 'closed', error } : { type: 'failed', error })
      return
    }
    const response = router.current()
    store.dispatch({ type: 'reconnecting', error, retryInMs: responseDelay })
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = undefined
      if (router.current() === response) connect()
    }, responseDelay)
  }

  function giveUp(error: StreamError) {
    keepAlive = false
    stopEnvironment?.()
    stopEnvironment = undefined
    clearReconnect()
    router.fail(error)
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
    if (socket || (!keepAlive && !router.current())) return
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

  /** The socket side of the public transport: the transport adds its name, `send`, `stream`, `cancel`, `onMessage`. */
  const socketSide: AgentSocketSide = {
    get queued() {
      return outbound.size
    },
    get readyState() {
      return (socket?.readyState ?? 3) as ReadyState
    },
    sendRaw: (data) => outbound.send(data),
    connect() {
      if (keepAlive) return
      keepAlive = true
      stopEnvironment = environment().subscribe(onEnvironmentChange)
      if (socket === undefined && reconnectTimer === undefined) reconnectNow()
      if (socket === undefined && reconnectTimer === undefined) store.dispatch({ type: 'reconnecting' })
    },
    getState: store.getSnapshot,
    subscribe: store.subscribe,
    close() {
      keepAlive = false
      stopEnvironment?.()
      stopEnvironment = undefined
      router.release()
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

  return {
    socketSide,
    /** A user's message is worth an attempt now, even while the agent socket backs off. */
    connectForResponse() {
      if (socket === undefined && !probing) connect()
      else if (opened) router.report({ status: 'open' })
    },
    /** No response streams: a socket that is not the long-lived agent socket stops reconnecting. */
    responsesIdle() {
      if (!keepAlive) clearReconnect()
    },
    /** Sends now when open, else drops it (a cancel is worth nothing later). */
    sendIfOpen(data: string) {
      if (socket && opened && socket.readyState === OPEN) socket.send(data)
    },
  }
}

export type AgentConnection = ReturnType<typeof createAgentConnection>
