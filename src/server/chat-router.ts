import type { ChatRequestBody, EventProducer, ResumableStreamsOptions } from './options.js'
import { errorResponse } from './responses.js'

export interface ChatRoutes {
  basePath: string
  events: ResumableStreamsOptions['events']
  start(request: Request, options: { chatId: string; events: EventProducer }): Promise<Response>
  follow(request: Request, chatId: string): Promise<Response>
  cancel(chatId: string): Promise<void>
  onError(error: unknown): void
}

async function readChatBody(request: Request): Promise<ChatRequestBody | Response> {
  let body: unknown
  try {
    body = await request.json()
  } catch {
    return errorResponse(400, 'bad_body', 'the body must be JSON: { id, messages }')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return errorResponse(400, 'bad_body', 'the body must be a JSON object: { id, messages }')
  }
  const { id, messages } = body as Record<string, unknown>
  if (typeof id !== 'string' || id === '') {
    return errorResponse(400, 'bad_chat_id', "the body needs the chat's id as a non-empty string 'id'")
  }
  if (messages !== undefined && !Array.isArray(messages)) {
    return errorResponse(400, 'bad_body', "'messages' must be an array")
  }
  return { ...(body as Record<string, unknown>), id, messages: messages ?? [] }
}

/** `POST {base}`, `GET`/`DELETE {base}/{chatId}/stream`; anything else is 404 or 405. */
export async function routeChatRequest(request: Request, routes: ChatRoutes): Promise<Response> {
  const base = routes.basePath.replace(/\/+$/, '')
  const path = new URL(request.url).pathname
  try {
    if (path === base || path === `${base}/`) {
      if (request.method !== 'POST')
        return errorResponse(405, 'method_not_allowed', 'use POST', { Allow: 'POST' })
      const body = await readChatBody(request)
      if (body instanceof Response) return body
      const produce = routes.events
      if (produce === undefined) {
        throw new TypeError('createResumableStreams needs the `events` option for its handler to answer POST')
      }
      return await routes.start(request, {
        chatId: body.id,
        events: (signal) => produce(body, { request, signal }),
      })
    }
    const match = path.startsWith(`${base}/`)
      ? /^([^/]+)\/stream\/?$/.exec(path.slice(base.length + 1))
      : null
    if (match === null) return errorResponse(404, 'not_found', `no route for ${path}`)
    let chatId: string
    try {
      chatId = decodeURIComponent(match[1] as string)
    } catch {
      return errorResponse(400, 'bad_chat_id', 'the chat id in the path is not valid percent-encoding')
    }
    if (request.method === 'GET') return await routes.follow(request, chatId)
    if (request.method === 'DELETE') {
      await routes.cancel(chatId)
      return new Response(null, { status: 204 })
    }
    return errorResponse(405, 'method_not_allowed', 'use GET or DELETE', { Allow: 'GET, DELETE' })
  } catch (error) {
    routes.onError(error)
    return errorResponse(500, 'server', 'the stream could not be served')
  }
}
