import { isRecord, type JsonRecord, recordOf, stringOf } from './shared.js'

/** A LangChain message as it appears on the wire, whichever way it was serialized. */
export interface LangChainMessage {
  role: 'ai' | 'tool' | 'human' | 'system' | 'other'
  /** True for streamed chunks (AIMessageChunk), false for whole messages. */
  isChunk: boolean
  id: string | undefined
  text: string
  reasoning: string
  /** Streamed tool-call fragments: `{id?, name?, args?: string, index?}`. */
  toolCallChunks: JsonRecord[]
  /** Whole tool calls: `{id, name, args: object}`. */
  toolCalls: JsonRecord[]
  /** ToolMessage: the call it answers, its content and status. */
  toolCallId: string | undefined
  content: unknown
  status: string | undefined
  name: string | undefined
  /** The model said why it stopped (the message is complete). */
  finished: boolean
}

const ROLE_BY_TYPE: Readonly<Record<string, LangChainMessage['role']>> = {
  ai: 'ai',
  AIMessage: 'ai',
  AIMessageChunk: 'ai',
  assistant: 'ai',
  tool: 'tool',
  ToolMessage: 'tool',
  ToolMessageChunk: 'tool',
  human: 'human',
  HumanMessage: 'human',
  HumanMessageChunk: 'human',
  user: 'human',
  system: 'system',
  SystemMessage: 'system',
}

function contentParts(content: unknown): { text: string; reasoning: string } {
  if (typeof content === 'string') return { text: content, reasoning: '' }
  let text = ''
  let reasoning = ''
  if (!Array.isArray(content)) return { text, reasoning }
  for (const block of content) {
    if (typeof block === 'string') {
      text += block
      continue
    }
    if (!isRecord(block)) continue
    const type = stringOf(block.type)
    if (type === 'text' || type === 'text_delta') text += stringOf(block.text) ?? ''
    else if (type === 'thinking') reasoning += stringOf(block.thinking) ?? ''
    else if (type === 'reasoning') {
      reasoning += stringOf(block.reasoning) ?? ''
      if (Array.isArray(block.summary)) {
        for (const part of block.summary) reasoning += stringOf(recordOf(part)?.text) ?? ''
      }
    }
  }
  return { text, reasoning }
}

/**
 * Reads a message in any of its wire forms: LangServe / LangGraph Server dicts (`type: "ai"`),
 * `JSON.stringify` of a LangChain JS message (`{lc: 1, type: "constructor", id: [..., "AIMessageChunk"], kwargs}`),
 * or OpenAI-style `{role, content}`.
 */
export function readLangChainMessage(value: unknown): LangChainMessage | undefined {
  if (!isRecord(value)) return undefined
  let fields = value
  let typeName = stringOf(value.type) ?? stringOf(value.role) ?? ''
  if (value.lc !== undefined && Array.isArray(value.id) && isRecord(value.kwargs)) {
    fields = value.kwargs
    typeName = stringOf(value.id[value.id.length - 1]) ?? ''
  }
  const role = ROLE_BY_TYPE[typeName] ?? 'other'
  const { text, reasoning: contentReasoning } = contentParts(fields.content)
  const extra = recordOf(fields.additional_kwargs)
  const extraReasoning = stringOf(extra?.reasoning_content) ?? ''
  const responseMetadata = recordOf(fields.response_metadata)
  const finishReason =
    stringOf(responseMetadata?.finish_reason) ?? stringOf(responseMetadata?.stop_reason) ?? undefined
  return {
    role,
    isChunk:
      typeName.endsWith('Chunk') ||
      fields.chunk_position !== undefined ||
      Array.isArray(fields.tool_call_chunks),
    id: stringOf(fields.id),
    text,
    reasoning: contentReasoning + extraReasoning,
    toolCallChunks: Array.isArray(fields.tool_call_chunks) ? fields.tool_call_chunks.filter(isRecord) : [],
    toolCalls: Array.isArray(fields.tool_calls) ? fields.tool_calls.filter(isRecord) : [],
    toolCallId: stringOf(fields.tool_call_id),
    content: fields.content,
    status: stringOf(fields.status),
    name: stringOf(fields.name),
    finished: finishReason !== undefined || fields.chunk_position === 'last',
  }
}
