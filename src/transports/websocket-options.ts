import {
  type ChatTransport,
  DEFAULT_RETRY,
  type PageEnvironment,
  type RetryOptions,
  type StreamError,
  type Timers,
  type TransportContext,
} from '../core/index.js'
import { DEFAULT_AGENT_RECONNECT } from './agent-reconnect.js'
import type { AgentSocketState, ReadyState } from './agent-socket-state.js'
import type { AuthProbe } from './auth-probe.js'

export type SocketLike = Pick<WebSocket, 'readyState' | 'bufferedAmount' | 'send' | 'close'> & {
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
  /** Online/visibility source for the agent socket: reconnect at once on online/visible. @default browserEnvironment() */
  environment?: PageEnvironment
  /** Agent socket: down this long → 'suspended', retrying every `suspendedRetryMs`. @default 120000 */
  suspendAfterMs?: number
  /** Agent socket: wait between attempts while suspended, ±20 %. @default 60000 */
  suspendedRetryMs?: number
  /** Asked after `authProbeAfterFailures` handshakes failed in a row; a 401/403 ends reconnecting with `unauthorized`. @default undefined */
  authProbe?: AuthProbe
  /** Handshake failures in a row (closes before open) before `authProbe` runs. @default 5 */
  authProbeAfterFailures?: number
  /** The fetch for a URL `authProbe`. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch
  /** Called for each queued message that was not sent (`expired` after `queueTtlMs`). @default undefined */
  onSendError?: (error: StreamError, data: string) => void
}

export const DEFAULT_WEBSOCKET_OPTIONS = Object.freeze({
  ...DEFAULT_AGENT_RECONNECT,
  authProbeAfterFailures: 5,
  cancelMessage: '{"type":"cancel"}',
  connectTimeoutMs: 10_000,
  heartbeat: Object.freeze({ intervalMs: 20_000, message: '{"type":"ping"}' }),
  idleTimeoutMs: 45_000,
  maxQueuedMessages: 100,
  maxQueuedBytes: 1024 * 1024,
  queueTtlMs: 30_000,
  highWaterMark: 1024 * 1024,
  retry: DEFAULT_RETRY,
})

export function defaultSequenceOf(data: string): number | undefined {
  if (!data.includes('"seq"')) return undefined
  try {
    const seq = (JSON.parse(data) as { seq?: unknown }).seq
    return typeof seq === 'number' ? seq : undefined
  } catch {
    return undefined
  }
}

export const OPEN = 1

/** What `sendRaw` did: sent now, queued while disconnected, or queued because `bufferedAmount` is over the high-water mark. */
export type SendResult = 'sent' | 'queued' | 'backpressure'

/** The WebSocket transport, with `send` for bidirectional agents. */
export interface WebSocketTransport extends ChatTransport {
  /** Sends now, or queues while disconnected / above the high-water mark. Throws `queue_overflow` when full. */
  send(data: string): 'sent' | 'queued'
  /** Like `send`, but says when the message queued because of backpressure (docs/reliability.md, scenario 61). */
  sendRaw(data: string): SendResult
  /** Messages waiting in the outbound queue. */
  readonly queued: number
  /**
   * Opens the agent socket and keeps it open until `close()`: it reconnects in the background
   * (unlimited while online, 'suspended' after `suspendAfterMs` down, at once on online/visible),
   * whether or not a response is streaming. Idempotent. Chat responses share the socket.
   */
  connect(): void
  /** The agent socket's state; the same object until something changes. */
  getState(): AgentSocketState
  /** Calls `listener` after each state change; returns an unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Every incoming message except control messages (pongs), also those outside a response. */
  onMessage(listener: (data: string) => void): () => void
  /** The socket's readyState (3 when there is none). */
  readonly readyState: ReadyState
  /** Closes the socket (1000) and stops reconnecting; `connect()` opens it again. */
  close(): void
}
