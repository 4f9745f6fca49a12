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

/**
 * Where a tool call stands. `awaiting-approval`: the backend waits for a person to approve or deny
 * it (`approval` holds the decision once made); `denied`: a person denied it, so it never ran.
 */
export type ToolCallState =
  | 'input-streaming'
  | 'running'
  | 'awaiting-approval'
  | 'denied'
  | 'succeeded'
  | 'failed'

/** A person's decision on a tool call that asked for approval. */
export interface ToolApproval {
  /** The producer's approval id (AI SDK `approvalId`, a LangGraph interrupt id), when it sent one. */
  id?: string
  /** `undefined` while nobody has decided yet. */
  approved?: boolean
  /** Why, in the person's words (optional; sent to the backend with the decision). */
  reason?: string
}

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
  /** Present once the backend asked for approval; holds the decision when one was made. */
  approval?: ToolApproval
  /** 'client': the app runs this tool in the browser (`onToolCall`), not the backend. */
  runBy?: 'client'
}

/** What a client-side tool produced: its result, or why it failed. */
export type ToolOutcome = { result: unknown } | { error: string }

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
