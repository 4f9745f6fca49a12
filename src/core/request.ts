import type { ChatMessage } from './messages.js'
import { messageText } from './messages.js'
import type { ChatRequest } from './transport.js'

/** What `prepareRequest` sees. */
export interface PrepareRequestInput {
  /** The user's text this response answers. */
  text: string
  /** The conversation including the user's message. */
  messages: readonly ChatMessage[]
  /** The default request (POST `api` with `{messages}`), to extend. */
  request: ChatRequest
}

/** The wire shape of the default POST body: `{messages: [{id, role, content}]}`. */
export function toWireMessages(messages: readonly ChatMessage[]) {
  return messages.map((message) => ({ id: message.id, role: message.role, content: messageText(message) }))
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

/** Default: POST `api` with JSON `{id?, messages, ...body}`; `prepareRequest` may replace any of it (a GET with a query string). */
export function buildChatRequest(
  options: BuildRequestOptions,
  text: string,
  messages: readonly ChatMessage[],
): ChatRequest {
  const request: ChatRequest = {
    url: options.api,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...normalizeHeaders(options.headers) },
    body: JSON.stringify({
      ...options.body,
      ...(options.id === undefined ? {} : { id: options.id }),
      messages: toWireMessages(messages),
    }),
  }
  if (options.prepareRequest === undefined) return request
  const prepared = options.prepareRequest({ text, messages, request })
  const method = (prepared.method ?? request.method ?? 'POST').toUpperCase()
  const merged: ChatRequest = { ...request, ...prepared, method }
  merged.headers = normalizeHeaders(prepared.headers ?? request.headers)
  if (method === 'GET' || method === 'HEAD') {
    delete merged.body
    delete merged.headers['content-type']
  }
  return merged
}
