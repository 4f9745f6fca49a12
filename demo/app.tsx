import { type FormEvent, useState } from 'react'
import { messageText, StreamingMarkdown, useStreamingChat } from 'react-agent-stream'

/** The playground: a chat page built only from the kit's public API, on the built-in mock agent. */
export function App() {
  const { messages, status, send, stop } = useStreamingChat({ api: '/api/chat' })
  const [draft, setDraft] = useState('Explain how streaming over SSE stays reliable.')
  const busy = status === 'submitted' || status === 'streaming'

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!draft.trim() || busy) return
    void send(draft)
    setDraft('')
  }

  return (
    <main className="ras-root playground" data-theme="auto">
      <header className="playground-header">
        <h1>react-agent-stream playground</h1>
        <span className="playground-status" data-status={status}>
          {status}
        </span>
      </header>
      <section className="playground-log" aria-label="Conversation" role="log">
        {messages.map((message) => (
          <article key={message.id} className="playground-message" data-role={message.role}>
            <h2 className="playground-role">{message.role === 'user' ? 'You' : 'Agent'}</h2>
            {message.role === 'user' ? (
              <p>{messageText(message)}</p>
            ) : (
              <StreamingMarkdown content={messageText(message)} streaming={status === 'streaming'} />
            )}
          </article>
        ))}
      </section>
      <form className="playground-composer" onSubmit={submit}>
        <label htmlFor="prompt" className="playground-label">
          Message
        </label>
        <textarea id="prompt" value={draft} onChange={(event) => setDraft(event.target.value)} rows={2} />
        {busy ? (
          <button type="button" onClick={stop}>
            Stop
          </button>
        ) : (
          <button type="submit">Send</button>
        )}
      </form>
    </main>
  )
}
