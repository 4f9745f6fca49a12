import { type AgentEvent, encodeSseEvent } from '../core/index.js'
import { encodeAgUi } from './ag-ui-format.js'

/**
 * The mock agent's wire encodings, shared by the Node server and the browser mock so both speak
 * byte-for-byte the same thing. Browser-safe: strings in, strings out.
 */

/** The SSE formats the mock agent can answer in. */
export type MockSseFormat = 'agent-events' | 'plain-text' | 'openai-chat' | 'ag-ui'

/** Every format, for reading a `?format=` query. */
export const MOCK_SSE_FORMATS: readonly MockSseFormat[] = [
  'agent-events',
  'plain-text',
  'openai-chat',
  'ag-ui',
]

/** One SSE event block (the core encoder, under the name the testing entry has always exported). */
export const sseEvent = encodeSseEvent

/** The kit's JSON events, one per SSE event. With `streamId`, event `n` gets the resumable id `<streamId>-<n>`. */
export function encodeAgentEvents(events: readonly AgentEvent[], streamId?: string): string[] {
  return events.map((event, seq) =>
    sseEvent(JSON.stringify(event), { id: streamId === undefined ? undefined : `${streamId}-${seq}` }),
  )
}

/** Plain text SSE (FastAPI's `StreamingResponse` shape): each chunk is one event; the end of the body ends it. */
export function encodePlainText(chunks: readonly string[]): string[] {
  return chunks.filter((chunk) => chunk !== '').map((chunk) => sseEvent(chunk))
}

/** An in-band error in a format. Plain text has no error frame of its own: it uses `event: error`. */
export function encodeErrorEvent(format: MockSseFormat, message: string): string {
  if (format === 'openai-chat') return sseEvent(JSON.stringify({ error: { message, type: 'server_error' } }))
  if (format === 'plain-text') return sseEvent(message, { event: 'error' })
  if (format === 'ag-ui') return sseEvent(JSON.stringify({ type: 'RUN_ERROR', message }))
  return sseEvent(JSON.stringify({ type: 'error', message } satisfies AgentEvent))
}

/**
 * OpenAI Chat Completions chunks ending with `data: [DONE]`. Text, reasoning (`reasoning_content`,
 * as DeepSeek and vLLM send it) and streamed tool-call arguments map directly; tool results do not
 * exist in this format (the client runs tools), so they are left out.
 */
export function encodeOpenAIChat(events: readonly AgentEvent[], completionId = 'chatcmpl-mock'): string[] {
  const toolIndex = new Map<string, number>()
  let sawTool = false
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
    sseEvent(
      JSON.stringify({
        id: completionId,
        object: 'chat.completion.chunk',
        created: 0,
        model: 'mock-agent',
        choices: [{ index: 0, delta, finish_reason: finishReason }],
      }),
    )
  const out: string[] = [chunk({ role: 'assistant', content: '' })]
  for (const event of events) {
    if (event.type === 'text-delta') out.push(chunk({ content: event.text }))
    else if (event.type === 'reasoning-delta') out.push(chunk({ reasoning_content: event.text }))
    else if (event.type === 'tool-call-start') {
      sawTool = true
      toolIndex.set(event.id, toolIndex.size)
      out.push(
        chunk({
          tool_calls: [
            {
              index: toolIndex.get(event.id),
              id: event.id,
              type: 'function',
              function: { name: event.name, arguments: '' },
            },
          ],
        }),
      )
    } else if (event.type === 'tool-call-delta') {
      out.push(
        chunk({
          tool_calls: [{ index: toolIndex.get(event.id) ?? 0, function: { arguments: event.argsText } }],
        }),
      )
    } else if (event.type === 'error') out.push(encodeErrorEvent('openai-chat', event.message))
    else if (event.type === 'finish') {
      out.push(chunk({}, sawTool && event.reason === 'tool-calls' ? 'tool_calls' : 'stop'))
      out.push(sseEvent('[DONE]'))
    }
  }
  return out
}

/** Encodes a script in an SSE format; only `agent-events` carries resumable ids (the others take `streamId` as their run id). */
export function encodeSse(format: MockSseFormat, events: readonly AgentEvent[], streamId?: string): string[] {
  if (format === 'plain-text') {
    return encodePlainText(events.map((event) => (event.type === 'text-delta' ? event.text : '')))
  }
  if (format === 'openai-chat') return encodeOpenAIChat(events, `chatcmpl-${streamId ?? 'mock'}`)
  if (format === 'ag-ui') return encodeAgUi(events, `run-${streamId ?? 'mock'}`)
  return encodeAgentEvents(events, streamId)
}

/** A `{type: "chunk" | "thinking" | "error" | "done"}` WebSocket message before its sequence number. */
export type SocketMessage =
  | { type: 'chunk'; content: string }
  | { type: 'thinking'; content: string }
  | { type: 'error'; message: string }
  | { type: 'done' }

/** The WebSocket messages for a script: text chunks, thinking chunks, then done. Tool calls have no message here. */
export function socketMessagesFor(events: readonly AgentEvent[]): SocketMessage[] {
  const messages: SocketMessage[] = []
  for (const event of events) {
    if (event.type === 'text-delta') messages.push({ type: 'chunk', content: event.text })
    else if (event.type === 'reasoning-delta') messages.push({ type: 'thinking', content: event.text })
    else if (event.type === 'error') {
      // An error ends the answer: no done after it.
      messages.push({ type: 'error', message: event.message })
      return messages
    }
  }
  messages.push({ type: 'done' })
  return messages
}

/** A message as text, with `seq` when the stream is resumable. */
export function encodeSocketMessage(message: SocketMessage, seq?: number): string {
  return JSON.stringify(seq === undefined ? message : { ...message, seq })
}
