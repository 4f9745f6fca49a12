export type ChatRole = 'user' | 'assistant' | 'system'

export interface TextPart {
  type: 'text'
  text: string
}

export interface ReasoningPart {
  type: 'reasoning'
  text: string
  state: 'streaming' | 'done'
  /** Epoch ms when the first reasoning token arrived. */
  startedAt?: number
  /** Milliseconds spent reasoning, once done. */
  durationMs?: number
}

export type ToolCallState = 'input-streaming' | 'running' | 'succeeded' | 'failed'

export interface ToolCallPart {
  type: 'tool-call'
  id: string
  name: string
  /** The raw argument text as it streamed. */
  argsText: string
  /** Parsed arguments: best-effort partial while streaming, exact once complete. */
  args?: unknown
  state: ToolCallState
  result?: unknown
  error?: string
  startedAt?: number
  endedAt?: number
}

export interface DataPart {
  type: 'data'
  name: string
  data: unknown
  id?: string
}

export type MessagePart = TextPart | ReasoningPart | ToolCallPart | DataPart

export interface ChatMessage {
  id: string
  role: ChatRole
  parts: MessagePart[]
  /** Multi-agent: the agent that produced this assistant message. */
  agent?: string
  metadata?: Record<string, unknown>
}

/** A message's visible text: the concatenation of its text parts, in order. */
export function messageText(message: ChatMessage): string {
  let text = ''
  for (const part of message.parts) if (part.type === 'text') text += part.text
  return text
}
