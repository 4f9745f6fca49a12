import type { ReactNode } from 'react'
import {
  type ChatResult,
  Composer,
  ConnectionBanner,
  ErrorNotice,
  MessageList,
  type OnToolCall,
  type SendPolicy,
  StreamInspector,
  ThinkingIndicator,
  useEventLog,
  useStreamingChat,
  useWebSocketAgent,
} from 'react-agent-stream'
import './chat-app.css'

/** Where the chat connects: SSE over fetch, or a WebSocket agent. */
export type ChatTransportChoice =
  | {
      kind: 'sse'
      api: string
      fetch?: typeof globalThis.fetch
      /** A resumable chat (docs/resumable-streams.md): a reload or a second tab follows its answer. */
      chatId?: string
      /** Extra fields of the POST body (the mock server's resumable chats read `scenario`). */
      body?: Record<string, unknown>
    }
  | {
      kind: 'websocket'
      url: string
      WebSocket?: new (url: string, protocols?: string | string[]) => unknown
    }

export interface ChatAppProps {
  transport: ChatTransportChoice
  /** Show the StreamInspector debug panel beside the chat. @default true */
  inspector?: boolean
  sendPolicy?: SendPolicy
  /** Extra text sent with each WebSocket message (the mock server reads `scenario`). */
  scenario?: string
  /** Rendered above the conversation (the playground's controls). */
  toolbar?: ReactNode
}

/** The whole chat, built only from the kit's public API: what the playground and the stories show. */
export function ChatApp({
  transport,
  inspector = true,
  sendPolicy = 'interrupt',
  scenario,
  toolbar,
}: ChatAppProps) {
  return transport.kind === 'sse' ? (
    <SseChat transport={transport} inspector={inspector} sendPolicy={sendPolicy} toolbar={toolbar} />
  ) : (
    <SocketChat
      transport={transport}
      inspector={inspector}
      sendPolicy={sendPolicy}
      scenario={scenario}
      toolbar={toolbar}
    />
  )
}

interface ChatProps<T> {
  transport: T
  inspector: boolean
  sendPolicy: SendPolicy
  toolbar: ReactNode
  scenario?: string | undefined
}

function SseChat({
  transport,
  inspector,
  sendPolicy,
  toolbar,
}: ChatProps<Extract<ChatTransportChoice, { kind: 'sse' }>>) {
  const log = useEventLog()
  const chat = useStreamingChat({
    api: transport.api,
    sendPolicy,
    ...(transport.chatId ? { id: transport.chatId, resume: true } : {}),
    ...(transport.body ? { body: transport.body } : {}),
    onEvent: log.onEvent,
    onToolCall: runPlaygroundTool,
    ...(transport.fetch ? { fetch: transport.fetch } : {}),
  })
  return <ChatLayout chat={chat} events={log.events} inspector={inspector} toolbar={toolbar} />
}

/**
 * The playground's client-side tool (the mock's `client-tool` scenario asks for it): a stand-in
 * for the browser's geolocation that answers after a short wait, so "Running in your browser"
 * shows. Every other tool runs on the backend.
 */
const runPlaygroundTool: OnToolCall = ({ toolCall, signal }) => {
  if (toolCall.name !== 'get_location') return undefined
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve({ city: 'Lisbon' }), 600)
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(new Error('cancelled'))
      },
      { once: true },
    )
  })
}

function SocketChat({
  transport,
  inspector,
  sendPolicy,
  scenario,
  toolbar,
}: ChatProps<Extract<ChatTransportChoice, { kind: 'websocket' }>>) {
  const log = useEventLog()
  const agent = useWebSocketAgent({
    url: transport.url,
    sendPolicy,
    onEvent: log.onEvent,
    encodeMessage: ({ text }) => JSON.stringify({ type: 'message', text, scenario }),
    ...(transport.WebSocket ? { WebSocket: transport.WebSocket } : {}),
  })
  return <ChatLayout chat={agent} events={log.events} inspector={inspector} toolbar={toolbar} />
}

function ChatLayout({
  chat,
  events,
  inspector,
  toolbar,
}: {
  chat: ChatResult
  events: ReturnType<typeof useEventLog>['events']
  inspector: boolean
  toolbar: ReactNode
}) {
  const {
    messages,
    status,
    error,
    connection,
    snapshot,
    send,
    stop,
    retry,
    branches,
    editMessage,
    switchBranch,
    regenerate,
    approveToolCall,
    denyToolCall,
  } = chat
  const last = messages.at(-1)
  const canRegenerate =
    last?.role === 'assistant' && (status === 'complete' || status === 'cancelled' || status === 'error')
  return (
    <div className="chat-app" data-inspector={inspector ? 'true' : 'false'}>
      <section className="chat-app-main" aria-label="Chat">
        {toolbar}
        <ConnectionBanner
          connection={connection}
          retryAt={snapshot.reconnect?.retryAt}
          error={error}
          onRetry={() => void retry()}
        />
        <MessageList
          className="chat-app-messages"
          messages={messages}
          status={status}
          // Edit a question or step through versions ("‹ 2 / 3 ›"); the hook's functions are stable.
          onEditMessage={editMessage}
          branches={branches}
          onSwitchBranch={switchBranch}
          // Approve / Deny on a tool call that waits for a person (the mock's `approval` scenario).
          onApproveToolCall={approveToolCall}
          onDenyToolCall={denyToolCall}
          footer={<ThinkingIndicator status={status} since={snapshot.metrics.startedAt} />}
        />
        <ErrorNotice error={status === 'error' ? error : undefined} onRetry={() => void retry()} />
        {canRegenerate ? (
          <div className="chat-app-actions">
            {/* The answer gets a new version; "‹ 1 / 2 ›" on it steps back to the old one. */}
            <button type="button" onClick={() => void regenerate()}>
              Regenerate
            </button>
          </div>
        ) : null}
        <Composer
          onSend={(text) => void send(text)}
          onStop={stop}
          status={status}
          placeholder="Ask the mock agent…"
        />
      </section>
      {inspector ? (
        <StreamInspector className="chat-app-inspector" snapshot={snapshot} events={events} />
      ) : null}
    </div>
  )
}
