// The React side of the backend examples: one panel per endpoint, each on the kit's public hooks.
// The page is served from the same origin as the backend (a dev-server proxy, or the backend itself),
// so every URL here is relative.
import { type FormEvent, useId, useState } from 'react'
import {
  type ChatResult,
  messageText,
  StreamingMarkdown,
  ThinkingIndicator,
  useStreamingChat,
  useWebSocketAgent,
} from 'react-agent-stream'

/** GET /stream?query=...: plain text over SSE, FastAPI's StreamingResponse shape. */
function PlainTextChat() {
  const chat = useStreamingChat({
    protocol: 'plain-text',
    prepareRequest: ({ text }) => ({ url: `/stream?query=${encodeURIComponent(text)}`, method: 'GET' }),
  })
  return <ChatPanel title="Plain text over SSE (GET /stream)" chat={chat} />
}

/**
 * This tab's chat id, kept in the URL (`?chat=...`): a reload, or the same URL in a second tab,
 * follows the chat's answer instead of losing it or asking again.
 */
function useChatIdFromUrl(): string {
  const [id] = useState(() => {
    const url = new URL(window.location.href)
    const existing = url.searchParams.get('chat')
    if (existing) return existing
    const created = crypto.randomUUID()
    url.searchParams.set('chat', created)
    window.history.replaceState(null, '', url)
    return created
  })
  return id
}

/**
 * POST /api/chat: the kit's JSON events, resumable (docs/resumable-streams.md). A dropped
 * connection resumes from Last-Event-ID, a reload follows the answer, stop() cancels it.
 */
function AgentEventsChat() {
  const id = useChatIdFromUrl()
  const chat = useStreamingChat({ api: '/api/chat', protocol: 'agent-events', id, resume: true })
  return <ChatPanel title="Agent events over SSE (POST /api/chat)" chat={chat} />
}

/** WS /ws: the user's text up, {"type":"chunk"} / {"type":"done"} messages down. */
function WebSocketChat() {
  const url = new URL('/ws', window.location.href)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  const agent = useWebSocketAgent({ url: url.href })
  return <ChatPanel title="WebSocket (/ws)" chat={agent} />
}

function ChatPanel({ title, chat }: { title: string; chat: ChatResult }) {
  const inputId = useId()
  const { messages, status, error, send, stop } = chat
  const answer = messages.findLast((message) => message.role === 'assistant')
  const text = answer ? messageText(answer) : ''

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const input = event.currentTarget.elements.namedItem('message') as HTMLInputElement
    if (input.value.trim() === '') return
    void send(input.value)
    input.value = ''
  }

  return (
    <section aria-label={title} data-status={status}>
      <h2>{title}</h2>
      <form onSubmit={onSubmit}>
        <label htmlFor={inputId}>Message</label>
        <input id={inputId} name="message" autoComplete="off" />
        <button type="submit">Send</button>
        <button type="button" onClick={stop}>
          Stop
        </button>
      </form>
      <p>
        Status: <output data-status={status}>{status}</output>
      </p>
      <ThinkingIndicator status={status} />
      <StreamingMarkdown content={text} streaming={status === 'streaming'} />
      {error ? <p role="alert">{error.message}</p> : null}
      <details>
        <summary>Raw answer text</summary>
        <pre data-testid="raw-answer">{text}</pre>
      </details>
    </section>
  )
}

export function App() {
  return (
    <main>
      <h1>react-agent-stream backend examples</h1>
      <PlainTextChat />
      <AgentEventsChat />
      <WebSocketChat />
    </main>
  )
}
