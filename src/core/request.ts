import type { ChatMessage, ToolApproval, ToolCallPart, ToolCallState } from './messages.js'
import { messageText } from './messages.js'
import type { ToolContinuation } from './tool-calls.js'
import type { ChatRequest } from './transport.js'

/** What `prepareRequest` sees. */
export interface PrepareRequestInput {
  /** The user's text this response answers. */
  text: string
  /** The conversation including the user's message. */
  messages: readonly ChatMessage[]
  /** The default request (POST `api` with `{messages}`), to extend. */
  request: ChatRequest
  /**
   * Set when this request continues the last assistant message after tool results or approvals
   * (docs/tools.md); undefined for a user's message.
   */
  continuation?: ToolContinuation | undefined
}

/** A tool call as the default body sends it (on assistant messages, next to `content`). */
export interface WireToolCall {
  id: string
  name: string
  /** The parsed arguments, when they parsed. */
  args?: unknown
  state: ToolCallState
  result?: unknown
  error?: string
  approval?: ToolApproval
  /** 'client' when the browser ran it (`onToolCall`, `addToolResult`). */
  runBy?: 'client'
}

/** One message of the default POST body. */
export interface WireMessage {
  id: string
  role: ChatMessage['role']
  content: string
  /** The assistant message's tool calls, in order; absent when it has none. */
  toolCalls?: WireToolCall[]
}

export function toWireToolCall(part: ToolCallPart): WireToolCall {
  const call: WireToolCall = { id: part.id, name: part.name, state: part.state }
  if (part.args !== undefined) call.args = part.args
  if (part.result !== undefined) call.result = part.result
  if (part.error !== undefined) call.error = part.error
  if (part.approval !== undefined) call.approval = part.approval
  if (part.runBy !== undefined) call.runBy = part.runBy
  return call
}

/**
 * The messages of the default POST body: `[{id, role, content}]`; with `toolCalls: true` (what the
 * default body sends) assistant messages that hold tool calls also carry `toolCalls`. Without it the
 * shape is the plain one other schemas (AG-UI's RunAgentInput) accept.
 */
export function toWireMessages(
  messages: readonly ChatMessage[],
  options: { toolCalls?: boolean } = {},
): WireMessage[] {
  return messages.map((message) => {
    const wire: WireMessage = { id: message.id, role: message.role, content: messageText(message) }
    if (options.toolCalls !== true) return wire
    const toolCalls = message.parts.flatMap((part) =>
      part.type === 'tool-call' ? [toWireToolCall(part)] : [],
    )
    if (toolCalls.length > 0) wire.toolCalls = toolCalls
    return wire
  })
}

/** Lower-cases header names and drops undefined values (a `Headers` instance is read too: fes #37 in docs/reference/event-stream.md). */
export function normalizeHeaders(
  headers: HeadersInit | Record<string, string> | undefined,
): Record<string, string> {
  const result: Record<string, string> = {}
  if (headers === undefined) return result
  const entries: Iterable<[string, string]> =
    typeof (headers as Headers).forEach === 'function' && !Array.isArray(headers)
      ? collect(headers as Headers)
      : Array.isArray(headers)
        ? (headers as [string, string][])
        : Object.entries(headers as Record<string, string>)
  for (const [name, value] of entries) if (value !== undefined) result[name.toLowerCase()] = String(value)
  return result
}

function collect(headers: Headers): [string, string][] {
  const list: [string, string][] = []
  headers.forEach((value, name) => {
    list.push([name, value])
  })
  return list
}

export interface BuildRequestOptions {
  api: string
  /** The chat id, sent as `id` in the default body (the AI SDK's shape). */
  id?: string | undefined
  headers?: HeadersInit | Record<string, string> | undefined
  body?: Record<string, unknown> | undefined
  prepareRequest?: ((input: PrepareRequestInput) => Partial<ChatRequest> | ChatRequest) | undefined
}

/** How a continuation request differs from a user's: what it answers, and the decoder's extra body fields. */
export interface ContinuationRequest {
  continuation: ToolContinuation
  /** Merged into the default JSON body (LangGraph's `command`). */
  body?: Record<string, unknown> | undefined
}

/**
 * Default: POST `api` with JSON `{id?, messages, ...body}` (a continuation adds its protocol's fields);
 * `prepareRequest` may replace any of it (a GET with a query string).
 */
export function buildChatRequest(
  options: BuildRequestOptions,
  text: string,
  messages: readonly ChatMessage[],
  continuation?: ContinuationRequest,
): ChatRequest {
  const request: ChatRequest = {
    url: options.api,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...normalizeHeaders(options.headers) },
    body: JSON.stringify({
      ...options.body,
      ...(options.id === undefined ? {} : { id: options.id }),
      messages: toWireMessages(messages, { toolCalls: true }),
      ...continuation?.body,
    }),
  }
  if (options.prepareRequest === undefined) return request
  const prepared = options.prepareRequest({
    text,
    messages,
    request,
    ...(continuation ? { continuation: continuation.continuation } : {}),
  })
  const method = (prepared.method ?? request.method ?? 'POST').toUpperCase()
  const merged: ChatRequest = { ...request, ...prepared, method }
  merged.headers = normalizeHeaders(prepared.headers ?? request.headers)
  if (method === 'GET' || method === 'HEAD') {
    delete merged.body
    delete merged.headers['content-type']
  }
  return merged
}
