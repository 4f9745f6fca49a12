import { EventSourceParserStream } from 'eventsource-parser/stream'
import { useCallback, useRef, useState } from 'react'
import type { AgentEvent, ChatMessage, ChatStatus } from '../core/index.js'

// Foundation placeholder: the full hook over createChatSession lands with the hooks issue.
export interface StreamingChatOptions {
  /** Endpoint that takes POST {"messages": [...]} and answers text/event-stream. */
  api?: string
}

let nextId = 0
const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(nextId++).toString(36)}`

export function useStreamingChat(options: StreamingChatOptions = {}) {
  const [messages, setMessages] = useState<ChatMessage[]>([])
  const [status, setStatus] = useState<ChatStatus>('idle')
  const controller = useRef<AbortController | null>(null)
  const api = options.api ?? '/api/chat'

  const send = useCallback(
    async (text: string) => {
      controller.current?.abort()
      const abort = new AbortController()
      controller.current = abort
      const user: ChatMessage = { id: newId('user'), role: 'user', parts: [{ type: 'text', text }] }
      const assistantId = newId('assistant')
      let answer = ''
      setMessages((previous) => [...previous, user])
      setStatus('submitted')
      try {
        const response = await fetch(api, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify({ messages: [{ id: user.id, role: 'user', content: text }] }),
          signal: abort.signal,
        })
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`)
        const events = response.body
          .pipeThrough(new TextDecoderStream())
          .pipeThrough(new EventSourceParserStream())
        for await (const frame of events) {
          const event = JSON.parse(frame.data) as AgentEvent
          if (event.type !== 'text-delta') continue
          answer += event.text
          const assistant: ChatMessage = {
            id: assistantId,
            role: 'assistant',
            parts: [{ type: 'text', text: answer }],
          }
          setMessages((previous) => [...previous.filter((message) => message.id !== assistantId), assistant])
          setStatus('streaming')
        }
        setStatus('complete')
      } catch {
        setStatus(abort.signal.aborted ? 'cancelled' : 'error')
      }
    },
    [api],
  )

  const stop = useCallback(() => controller.current?.abort(), [])
  return { messages, status, send, stop }
}
