import { useMemo, useSyncExternalStore } from 'react'
import { createChatWith } from '../core/chat.js'
import {
  type AgentEvent,
  type AutoContinue,
  type Chat,
  type ChatCache,
  type ChatMessage,
  createChatCache,
  type DecoderDiagnostic,
  type OnToolCall,
  type Protocol,
  type RetryOptions,
  type SendPolicy,
  type SessionCaps,
  StreamError,
  type TransportContext,
} from '../core/index.js'
import { lazyProtocol } from '../protocols/lazy.js'
import type { ProtocolName } from '../protocols/registry.js'
import {
  type AgentSocketState,
  createWebSocketTransport,
  type SendResult,
  type WebSocketTransport,
} from '../transports/index.js'
import type { ChatResult, FinishInfo } from './chat-result.js'
import { createHookSession } from './load-chat-engine.js'
import { useChatInstance } from './use-chat-instance.js'
import { useLatest } from './use-latest.js'

export const DEFAULT_WEBSOCKET_AGENT_OPTIONS = Object.freeze({
  protocol: 'websocket-chunk' as const,
})

export interface WebSocketAgentOptions {
  /**
   * ws:// or wss:// endpoint (needed without `chat`; with neither, the hook is in status 'error' with an
   * 'invalid_input' error). Components naming the same URL share one socket and one conversation.
   */
  url?: string
  /**
   * A ready agent chat (`createChat` over `createWebSocketTransport`) instead of the URL's shared
   * one: the component holds it and opens its socket while mounted, and listens with its callbacks
   * and `sendPolicy`; the options that build a chat are then unused. @default undefined
   */
  chat?: Chat<WebSocketTransport>
  /** The wire protocol of the agent's messages. Fixed per socket. @default 'websocket-chunk' ({type:"chunk"|"done"}) */
  protocol?: ProtocolName | Protocol
  /** What a user message looks like on the wire. Fixed per socket. @default the user's text */
  encodeMessage?: (context: TransportContext) => string
  /** Reconnect backoff; `false` makes every close final. Fixed per socket. @default DEFAULT_RETRY */
  reconnect?: Partial<RetryOptions> | false
  /** The WebSocket constructor (a mock agent's in stories). Fixed per socket. @default globalThis.WebSocket */
  WebSocket?: new (
    url: string,
    protocols?: string | string[],
  ) => unknown
  /** Subprotocols. Fixed per socket. */
  protocols?: string | string[]
  /** Bounds on kept text and messages. Fixed per socket. @default DEFAULT_CAPS */
  caps?: Partial<SessionCaps>
  /** What `send` does while a response streams. @default 'interrupt' */
  sendPolicy?: SendPolicy
  /** Messages the chat starts with (first component to mount wins). @default [] */
  initialMessages?: readonly ChatMessage[]
  onEvent?: (event: AgentEvent) => void
  onFinish?: (info: FinishInfo) => void
  onError?: (error: StreamError) => void
  /** Frames the protocol decoder skipped. */
  onDiagnostic?: (diagnostic: DecoderDiagnostic) => void
  /** Runs client-side tools (docs/tools.md); with several components, the newest one that sets it. */
  onToolCall?: OnToolCall
  /** Send the continuation by itself (docs/tools.md); the newest component's value. @default true */
  autoContinue?: AutoContinue
  /** Automatic continuations in a row without a user message; the newest component's value. @default 5 */
  maxAutoContinuations?: number
}

/** WebSocket readyState: CONNECTING 0, OPEN 1, CLOSING 2, CLOSED 3. */
export type ReadyState = 0 | 1 | 2 | 3

export interface WebSocketAgentResult extends ChatResult {
  /** The socket's readyState: CONNECTING 0, OPEN 1, CLOSING 2, CLOSED 3. */
  readyState: ReadyState
  /** The agent socket: status (including 'suspended'), reconnect attempt, wait before the next one, last error. */
  socket: AgentSocketState
  /**
   * Sends a raw message on the socket. 'queued' while disconnected, 'backpressure' when the
   * socket's buffer is over its high-water mark; throws a `queue_overflow` StreamError when full.
   */
  sendRaw: (data: string) => SendResult
}

let agents: ChatCache | undefined
let missingTarget: StreamError | undefined

/** The error of a component that names neither a URL nor a chat (issue 17): a state, never a throw. */
function missingTargetError(): StreamError {
  missingTarget ??= new StreamError(
    'invalid_input',
    'useWebSocketAgent needs a `url` (ws:// or wss://) or a `chat`; it was given neither',
  )
  return missingTarget
}

/** Stands in for the WebSocket constructor when there is no URL: a send fails with the same error. */
class NoTargetSocket {
  constructor() {
    throw missingTargetError()
  }
}

/** The cache key of the chat that components without a target hold; no URL is empty. */
const NO_TARGET = ''

function createAgentChat(options: WebSocketAgentOptions): Chat<WebSocketTransport> {
  const url = options.url || undefined
  return createChatWith(
    {
      transport: createWebSocketTransport({
        url: url ?? NO_TARGET,
        ...(options.protocols === undefined ? {} : { protocols: options.protocols }),
        ...(url === undefined ? { WebSocket: NoTargetSocket } : {}),
        ...(url === undefined || options.WebSocket === undefined ? {} : { WebSocket: options.WebSocket }),
        ...(options.reconnect === undefined ? {} : { retry: options.reconnect }),
        ...(options.encodeMessage === undefined ? {} : { encodeMessage: options.encodeMessage }),
      }),
      protocol: lazyProtocol(options.protocol ?? DEFAULT_WEBSOCKET_AGENT_OPTIONS.protocol),
      ...(options.initialMessages ? { initialMessages: options.initialMessages } : {}),
      ...(options.caps ? { caps: options.caps } : {}),
    },
    createHookSession,
  )
}

/** The agent socket stays open while any component holds the chat, reconnecting in the background. */
const connect = (chat: Chat<WebSocketTransport>) => chat.transport.connect()

/**
 * A chat with a WebSocket agent: sends the user's text, reads `{type:"chunk",content}` /
 * `{type:"done"}` (or another protocol). The socket opens on mount and stays open, reconnecting in
 * the background; components that name the same URL share one socket and one conversation; it
 * closes when the last of them unmounts (StrictMode's remount does not reopen it).
 *
 * @example const agent = useWebSocketAgent({ url: 'ws://localhost:8000/ws' })
 */
export function useWebSocketAgent(
  options: WebSocketAgentOptions & ({ url: string } | { chat: Chat<WebSocketTransport> }),
): WebSocketAgentResult {
  const latest = useLatest(options)
  // Cached from render on, so components that mount together share it; it holds no socket until
  // a component's effect retains it.
  agents ??= createChatCache()
  // Only JavaScript callers (or a `url` that is undefined at runtime) get here without a target.
  const missing = !options.chat && !options.url
  const chat = options.chat ?? agents.getOrCreate(options.url || NO_TARGET, () => createAgentChat(options))
  const result = useChatInstance(chat, latest, missing ? undefined : connect)
  const { transport } = chat
  const socket = useSyncExternalStore(transport.subscribe, transport.getState, transport.getState)
  const sendRaw = useMemo(() => (data: string) => transport.sendRaw(data), [transport])
  if (missing)
    return { ...result, status: 'error', error: missingTargetError(), readyState: 3, socket, sendRaw }
  return { ...result, readyState: socket.readyState, socket, sendRaw }
}
