import { normalizeHeaders } from './request.js'
import type { ChatRequest } from './transport.js'

/** What `prepareResumeRequest` sees. */
export interface PrepareResumeRequestInput {
  /** The chat id (the session's `id`). */
  id: string
  /** The cursor the request continues from; undefined follows the stream from its first event. */
  lastEventId: string | undefined
  /** The default request: GET `{api}/{id}/stream`, with `Last-Event-ID` when there is a cursor. */
  request: ChatRequest
}

/** What `prepareCancelRequest` sees. */
export interface PrepareCancelRequestInput {
  /** The chat id (the session's `id`). */
  id: string
  /** The default request: DELETE `{api}/{id}/stream`. */
  request: ChatRequest
}

export interface StreamEndpointOptions {
  api: string
  id: string
  headers?: HeadersInit | Record<string, string> | undefined
  prepareResumeRequest?: ((input: PrepareResumeRequestInput) => Partial<ChatRequest>) | undefined
  prepareCancelRequest?: ((input: PrepareCancelRequestInput) => Partial<ChatRequest>) | undefined
}

/** `{api}/{id}/stream`, keeping a query string on `api` where it belongs (after the path). */
export function streamUrl(api: string, id: string): string {
  const query = api.indexOf('?')
  const path = query === -1 ? api : api.slice(0, query)
  const search = query === -1 ? '' : api.slice(query)
  return `${path.replace(/\/+$/, '')}/${encodeURIComponent(id)}/stream${search}`
}

function merge(request: ChatRequest, prepared: Partial<ChatRequest>): ChatRequest {
  const merged: ChatRequest = { ...request, ...prepared }
  merged.headers = normalizeHeaders(prepared.headers ?? request.headers)
  return merged
}

/** The request that follows the chat's stream (docs/resumable-streams.md): GET, never a new generation. */
export function buildResumeRequest(
  options: StreamEndpointOptions,
  lastEventId: string | undefined,
): ChatRequest {
  const headers = normalizeHeaders(options.headers)
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId
  const request: ChatRequest = {
    url: streamUrl(options.api, options.id),
    method: 'GET',
    headers,
  }
  if (options.prepareResumeRequest === undefined) return request
  return merge(request, options.prepareResumeRequest({ id: options.id, lastEventId, request }))
}

/** The request that stops the chat's generation on the server (`stop()`). */
export function buildCancelRequest(options: StreamEndpointOptions): ChatRequest {
  const request: ChatRequest = {
    url: streamUrl(options.api, options.id),
    method: 'DELETE',
    headers: normalizeHeaders(options.headers),
  }
  if (options.prepareCancelRequest === undefined) return request
  return merge(request, options.prepareCancelRequest({ id: options.id, request }))
}
