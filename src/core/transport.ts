import type { ChatMessage } from './messages.js'
import type { Frame } from './protocol.js'
import type { ConnectionStatus } from './status.js'
import type { ToolContinuation } from './tool-calls.js'

/** An HTTP request as plain data; `headers` is a plain object with lower-case names. */
export interface ChatRequest {
  url: string
  /** @default 'POST' */
  method?: string
  headers?: Record<string, string>
  body?: string
  /** Passed to fetch as is (credentials, mode, cache...). */
  init?: Omit<RequestInit, 'method' | 'headers' | 'body' | 'signal'>
}

/** What the wire is doing, reported by a transport as it happens. */
export interface ConnectionChange {
  status: ConnectionStatus
  /** Retry number (1-based) while reconnecting. */
  attempt?: number
  /** Wait before the next attempt while reconnecting, ms. */
  delayMs?: number
  /** Why the connection dropped or failed. */
  error?: unknown
}

/**
 * The resume cursor moved without an event: an SSE block with only an `id:` line. `id` is the new
 * cursor; `''` clears it (an empty `id:`), after which nothing can be resumed.
 */
export interface CursorFrame {
  readonly kind: 'cursor'
  readonly id: string
}

/**
 * The body ended cleanly while the consumer was still reading, with a cursor to resume from. Whether
 * that completes the response is the protocol's call, not the transport's: a consumer whose protocol
 * has no terminal event stops reading (`return()`), and the response is complete; one that reads on
 * saw no terminal event yet, so the transport resumes from the cursor as after a drop.
 */
export interface EndFrame {
  readonly kind: 'end'
}

/**
 * The stream starts over from its first event (a reconnect to a stream without event ids): comes
 * before that first frame again, so the consumer replaces what it showed instead of doubling it.
 */
export interface RestartFrame {
  readonly kind: 'restart'
}

/**
 * What `ChatTransport.stream` yields, in wire order. A `Frame` goes to the decoder; its `id`, when
 * set, is the resume cursor after it. The others carry what has no event of its own.
 */
export type TransportFrame = Frame | CursorFrame | EndFrame | RestartFrame

/** Whether an item is a frame for the decoder (not a cursor move, a restart or the end of a body). */
export function isDataFrame(item: TransportFrame): item is Frame {
  return !('kind' in item)
}

/** One response's worth of context, handed to `ChatTransport.stream`. */
export interface TransportContext {
  /** The HTTP request for this response (SSE); WebSocket transports read `text` instead. */
  request: ChatRequest
  /** The user's text this response answers (what a WebSocket transport sends). */
  text: string
  /** The conversation, for transports that send more than the text. */
  messages: readonly ChatMessage[]
  /** Aborts everything: the stream, pending retries and timers. */
  signal: AbortSignal
  /**
   * Set when this response continues the last assistant message after tool results or approvals
   * (a WebSocket transport sends the tool calls instead of the user's text again).
   */
  continuation?: ToolContinuation | undefined
  /** Set when continuing a response from a cursor (a resume after disconnect). */
  lastEventId?: string | undefined
  /**
   * The request that follows this response's stream again: from `lastEventId`, or from its first
   * event when undefined. Set when the session knows the chat's stream endpoint (`id`); after the
   * response opened, a transport reconnects with it and never re-sends `request` (which would
   * generate the answer a second time).
   */
  resumeRequest?: ((lastEventId: string | undefined) => ChatRequest) | undefined
  /** The request that stops generation on the server (`stop()`), when the session knows one. */
  cancelRequest?: ChatRequest | undefined
  /** Connection status changes. */
  onConnection(change: ConnectionChange): void
  /** Response headers (lower-case names) of the attempt that is now streaming. */
  onOpen?(headers: Readonly<Record<string, string>>): void
  /** Bytes received off the wire. */
  onBytes?(count: number): void
}

/**
 * Carries one response. Knows frames, not agent events. Owns reconnecting: `stream` yields frames
 * until the response ends cleanly and throws a StreamError when it gives up. The consumer stops
 * reading (`return()`) once it has what it needs (the protocol's terminal event): the transport
 * then aborts its request quietly, reporting no error and no disconnect.
 */
export interface ChatTransport {
  readonly name: string
  stream(context: TransportContext): AsyncIterable<TransportFrame>
  /** Tells the server to stop generating (stop()). Best-effort; never throws. */
  cancel?(context: TransportContext): Promise<void>
  /** Releases shared resources (sockets). */
  close?(): void
}
