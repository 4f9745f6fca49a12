import { encodeSocketMessage, type SocketMessage, socketMessagesFor } from '../wire-format.js'
import { DEFAULT_MOCK_AGENT_OPTIONS, type MockAgentContext } from './context.js'
import { disconnectPoint, inBandErrorPoint, isHttpError } from './faults.js'
import { play } from './player.js'
import { buildScript } from './script.js'

/** The event objects the mock socket hands to `on*` handlers and listeners. */
export interface MockSocketEvent {
  type: 'open' | 'message' | 'error' | 'close'
  target: unknown
  data?: string
  code?: number
  reason?: string
  wasClean?: boolean
}

type Listener = (event: MockSocketEvent) => void

/** The subset of the WebSocket API the mock implements (enough for the kit and most app code). */
export interface MockWebSocket {
  readonly url: string
  readonly protocol: string
  readonly readyState: number
  /** Writable so a test can simulate a slow network (backpressure). */
  bufferedAmount: number
  binaryType: string
  onopen: Listener | null
  onmessage: Listener | null
  onerror: Listener | null
  onclose: Listener | null
  send(data: string): void
  close(code?: number, reason?: string): void
  addEventListener(type: MockSocketEvent['type'], listener: Listener): void
  removeEventListener(type: MockSocketEvent['type'], listener: Listener): void
}

export interface MockWebSocketConstructor {
  new (url: string | URL, protocols?: string | string[]): MockWebSocket
  readonly CONNECTING: 0
  readonly OPEN: 1
  readonly CLOSING: 2
  readonly CLOSED: 3
}

/** Key of the socket conversation's last answer in the agent's stream store. */
const SOCKET_STREAM = 'socket'

const CONNECTING = 0
const OPEN = 1
const CLOSING = 2
const CLOSED = 3

interface IncomingMessage {
  type?: string
  text?: string
  lastSeq?: number
  scenario?: string
}

function readMessage(text: string): IncomingMessage {
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed !== null && typeof parsed === 'object') return parsed as IncomingMessage
  } catch {
    // Plain text is a user message.
  }
  return { type: 'message', text }
}

/**
 * A WebSocket class speaking `{type:"chunk",content}` / `{type:"thinking",content}` / `{type:"done"}`
 * with `seq` numbers, like the Node server's /ws: any message starts an answer (JSON may name a
 * `scenario`), `{"type":"resume","lastSeq":n}` continues the last one, `{"type":"cancel"}` stops it,
 * `{"type":"ping"}` gets a pong.
 */
export function createMockWebSocketClass(agent: MockAgentContext): MockWebSocketConstructor {
  class MockAgentWebSocket implements MockWebSocket {
    static readonly CONNECTING = CONNECTING
    static readonly OPEN = OPEN
    static readonly CLOSING = CLOSING
    static readonly CLOSED = CLOSED
    readonly CONNECTING = CONNECTING
    readonly OPEN = OPEN
    readonly CLOSING = CLOSING
    readonly CLOSED = CLOSED
    readonly url: string
    readonly protocol: string
    readyState = CONNECTING
    bufferedAmount = 0
    binaryType = 'blob'
    onopen: Listener | null = null
    onmessage: Listener | null = null
    onerror: Listener | null = null
    onclose: Listener | null = null
    readonly #listeners = new Map<string, Set<Listener>>()
    #play: AbortController | undefined
    readonly #handle = {
      drop: (code: number, reason: string) => this.#end(code, reason, false),
      push: (data: string) => this.#emitMessage(data),
    }

    constructor(url: string | URL, protocols?: string | string[]) {
      this.url = String(url)
      this.protocol = Array.isArray(protocols) ? (protocols[0] ?? '') : (protocols ?? '')
      const attempt = agent.counters.handshakes++
      const error = agent.options.error
      agent.timers.setTimeout(() => {
        if (this.readyState !== CONNECTING) return
        if (error && isHttpError(error) && attempt < (error.times ?? Number.POSITIVE_INFINITY)) {
          // Browsers hide a rejected upgrade's status: an error, then close 1006.
          this.#dispatch({ type: 'error', target: this })
          this.#end(1006, '', false)
          return
        }
        this.readyState = OPEN
        agent.counters.connections++
        agent.counters.open++
        agent.sockets.add(this.#handle)
        this.#dispatch({ type: 'open', target: this })
      }, agent.options.connectDelayMs ?? DEFAULT_MOCK_AGENT_OPTIONS.connectDelayMs)
    }

    send(data: string): void {
      if (this.readyState === CONNECTING) {
        throw new DOMException(
          "Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.",
          'InvalidStateError',
        )
      }
      // Browsers drop sends on a closing or closed socket without an error.
      if (this.readyState !== OPEN) return
      const text = String(data)
      agent.socketMessages.push(text)
      const message = readMessage(text)
      if (message.type === 'ping') {
        this.#emitMessage(JSON.stringify({ type: 'pong' }))
        return
      }
      if (message.type === 'cancel') {
        this.#play?.abort()
        agent.cancelled.push(this.url)
        return
      }
      if (message.type === 'resume') {
        // The answer lives on the agent, not the socket: a resume arrives on a new connection.
        const stored = agent.streams.get(SOCKET_STREAM)
        if (stored === undefined) this.#emitMessage(encodeSocketMessage({ type: 'done' }))
        else this.#start(socketMessagesFor(stored), (message.lastSeq ?? -1) + 1)
        return
      }
      const events = buildScript({ ...agent.options, scenario: message.scenario ?? agent.options.scenario })
      agent.streams.set(SOCKET_STREAM, events)
      this.#start(socketMessagesFor(events), 0)
    }

    close(code?: number, reason = ''): void {
      if (this.readyState === CLOSING || this.readyState === CLOSED) return
      this.readyState = CLOSING
      this.#play?.abort()
      agent.timers.setTimeout(() => this.#end(code ?? 1005, reason, true), 0)
    }

    addEventListener(type: MockSocketEvent['type'], listener: Listener): void {
      const set = this.#listeners.get(type) ?? new Set()
      set.add(listener)
      this.#listeners.set(type, set)
    }

    removeEventListener(type: MockSocketEvent['type'], listener: Listener): void {
      this.#listeners.get(type)?.delete(listener)
    }

    #start(script: readonly SocketMessage[], from: number) {
      this.#play?.abort()
      const controller = new AbortController()
      this.#play = controller
      const attempt = agent.counters.streams++
      const options = agent.options
      const cutAt = disconnectPoint(options.disconnect, attempt, script.length - from, agent.random)
      const errorAt = inBandErrorPoint(options.error, attempt)
      const withSeq = options.eventIds ?? DEFAULT_MOCK_AGENT_OPTIONS.eventIds
      let sent = 0
      void play({
        from,
        to: script.length,
        pacing: options,
        random: agent.random,
        timers: agent.timers,
        signal: controller.signal,
        emit: (index) => {
          if (this.readyState !== OPEN) return false
          if (sent === cutAt) {
            this.#end(1006, '', false)
            return false
          }
          if (sent === errorAt && options.error && !isHttpError(options.error)) {
            this.#emitMessage(encodeSocketMessage({ type: 'error', message: options.error.message }))
            return false
          }
          this.#emitMessage(encodeSocketMessage(script[index] as SocketMessage, withSeq ? index : undefined))
          sent++
          return true
        },
      })
    }

    #emitMessage(data: string) {
      if (this.readyState === OPEN) this.#dispatch({ type: 'message', target: this, data })
    }

    #end(code: number, reason: string, wasClean: boolean) {
      if (this.readyState === CLOSED) return
      const wasOpen = agent.sockets.delete(this.#handle)
      if (wasOpen) agent.counters.open--
      this.readyState = CLOSED
      this.#play?.abort()
      this.#dispatch({ type: 'close', target: this, code, reason, wasClean })
    }

    #dispatch(event: MockSocketEvent) {
      const handler = this[`on${event.type}`]
      try {
        handler?.call(this, event)
      } finally {
        for (const listener of [...(this.#listeners.get(event.type) ?? [])]) listener.call(this, event)
      }
    }
  }
  return MockAgentWebSocket
}
