import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import {
  type AgentEvent,
  type AutoContinue,
  type ChatMessage,
  type ChatSession,
  createChatSession,
  createSendGate,
  DEFAULT_SEND_POLICY,
  type OnToolCall,
  type Protocol,
  type RetryOptions,
  type SendGate,
  type SendPolicy,
  type SessionCaps,
  type StreamError,
  type TransportContext,
} from '../core/index.js'
import { type ProtocolName, resolveProtocol } from '../protocols/index.js'
import {
  type AgentSocketState,
  createWebSocketTransport,
  type SendResult,
  type WebSocketTransport,
} from '../transports/index.js'
import { type ChatResult, chatActions, chatResult, type FinishInfo, finishInfo } from './chat-result.js'
import { retainSession } from './session-lifecycle.js'
import { useChatSession } from './use-chat-session.js'
import { useLatest } from './use-latest.js'

export const DEFAULT_WEBSOCKET_AGENT_OPTIONS = Object.freeze({
  protocol: 'websocket-chunk' as const,
})

export interface WebSocketAgentOptions {
  /** ws:// or wss:// endpoint. Components naming the same URL share one socket and one conversation. */
  url: string
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

interface SharedAgent {
  url: string
  session: ChatSession
  transport: WebSocketTransport
  gate: SendGate
  /** The options of every mounted component, newest last: callbacks reach all of them. */
  listeners: Set<{ readonly current: WebSocketAgentOptions }>
}

const agents = new Map<string, SharedAgent>()

function createSharedAgent(options: WebSocketAgentOptions): SharedAgent {
  const listeners = new Set<{ readonly current: WebSocketAgentOptions }>()
  const each = (call: (options: WebSocketAgentOptions) => void) => {
    for (const listener of listeners) call(listener.current)
  }
  /** The newest mounted component's value of an option (the creating component's before any mounts). */
  const newest = <Key extends keyof WebSocketAgentOptions>(key: Key): WebSocketAgentOptions[Key] => {
    const mounted = [...listeners].reverse().find((listener) => listener.current[key] !== undefined)
    return mounted ? mounted.current[key] : options[key]
  }
  const transport = createWebSocketTransport({
    url: options.url,
    ...(options.protocols === undefined ? {} : { protocols: options.protocols }),
    ...(options.WebSocket === undefined ? {} : { WebSocket: options.WebSocket }),
    ...(options.reconnect === undefined ? {} : { retry: options.reconnect }),
    ...(options.encodeMessage === undefined ? {} : { encodeMessage: options.encodeMessage }),
  })
  const session = createChatSession({
    transport,
    protocol: resolveProtocol(options.protocol ?? DEFAULT_WEBSOCKET_AGENT_OPTIONS.protocol),
    ...(options.initialMessages ? { initialMessages: options.initialMessages } : {}),
    ...(options.caps ? { caps: options.caps } : {}),
    onEvent: (event) => each((current) => current.onEvent?.(event)),
    onFinish: (snapshot) => each((current) => current.onFinish?.(finishInfo(snapshot))),
    onError: (error) => each((current) => current.onError?.(error)),
    onToolCall: (context) => newest('onToolCall')?.(context),
    get autoContinue() {
      return newest('autoContinue')
    },
    get maxAutoContinuations() {
      return newest('maxAutoContinuations')
    },
  })
  const gate = createSendGate(
    session,
    () => [...listeners].at(-1)?.current.sendPolicy ?? DEFAULT_SEND_POLICY,
    (error) => each((current) => current.onError?.(error)),
  )
  return { url: options.url, session, transport, gate, listeners }
}

/**
 * The agent for a URL, created on first use. Kept in a module cache from render on, so components
 * that mount together share it; it holds no socket until a component's effect retains it.
 */
function sharedAgent(options: WebSocketAgentOptions): SharedAgent {
  const existing = agents.get(options.url)
  if (existing) return existing
  const created = createSharedAgent(options)
  agents.set(options.url, created)
  return created
}

/**
 * A chat with a WebSocket agent: sends the user's text, reads `{type:"chunk",content}` /
 * `{type:"done"}` (or another protocol). The socket opens on mount and stays open, reconnecting in
 * the background; components that name the same URL share one socket and one conversation; it
 * closes when the last of them unmounts (StrictMode's remount does not reopen it).
 *
 * @example const agent = useWebSocketAgent({ url: 'ws://localhost:8000/ws' })
 */
export function useWebSocketAgent(options: WebSocketAgentOptions): WebSocketAgentResult {
  const latest = useLatest(options)
  const [held, setHeld] = useState(() => ({ url: options.url, agent: sharedAgent(options) }))
  let current = held.agent
  if (held.url !== options.url) {
    current = sharedAgent(options)
    setHeld({ url: options.url, agent: current })
  }

  useEffect(() => {
    const shared = current
    agents.set(shared.url, shared)
    shared.listeners.add(latest)
    // The agent socket stays open while any component holds it, reconnecting in the background.
    shared.transport.connect()
    const release = retainSession(shared.session, () => {
      if (agents.get(shared.url) === shared) agents.delete(shared.url)
      shared.session.dispose()
    })
    return () => {
      shared.listeners.delete(latest)
      release()
    }
  }, [current, latest])

  const { session, transport, gate } = current
  const snapshot = useChatSession(session)
  const actions = useMemo(() => chatActions(session, gate), [session, gate])
  const socket = useSyncExternalStore(transport.subscribe, transport.getState, transport.getState)
  const sendRaw = useMemo(() => (data: string) => transport.sendRaw(data), [transport])
  return { ...chatResult(snapshot, session, actions), readyState: socket.readyState, socket, sendRaw }
}
