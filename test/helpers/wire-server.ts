import { createServer, type IncomingMessage, type Server } from 'node:http'
import { closeServer, listenOnLoopback } from './local-server.js'
import {
  REQUESTS_PATH,
  type SeenRequest,
  type WireResponse,
  type WireServerHandle,
} from './wire-server-handle.js'

export interface WireServer extends WireServerHandle {
  readonly origin: string
  close(): Promise<void>
}

// Browser tests fetch from the test page's origin: allow it, and the Last-Event-ID of a resume.
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'last-event-id, accept, content-type',
  'access-control-allow-methods': 'GET, POST',
}

function rawHeader(request: IncomingMessage, name: string): number[] | undefined {
  const raw = request.rawHeaders
  for (let index = 0; index < raw.length; index += 2) {
    // Node decodes header bytes as Latin-1: turning them back gives the bytes on the wire.
    if (raw[index]?.toLowerCase() === name) return [...Buffer.from(raw[index + 1] ?? '', 'latin1')]
  }
  return undefined
}

/** An HTTP server on 127.0.0.1 that answers each named path with scripted event-stream bytes. */
export async function startWireServer(
  routes: Readonly<Record<string, (attempt: number, request: SeenRequest) => WireResponse>>,
): Promise<WireServer> {
  const seen = new Map<string, SeenRequest[]>()
  const server: Server = createServer((request, response) => {
    const name = new URL(request.url ?? '/', 'http://127.0.0.1').pathname.slice(1)
    if (request.method === 'OPTIONS') {
      response.writeHead(204, CORS).end()
      return
    }
    if (name.startsWith(REQUESTS_PATH)) {
      response.writeHead(200, { ...CORS, 'content-type': 'application/json' })
      response.end(JSON.stringify(seen.get(name.slice(REQUESTS_PATH.length)) ?? []))
      return
    }
    const respond = routes[name]
    const lastEventIdBytes = rawHeader(request, 'last-event-id')
    const entry: SeenRequest = {
      lastEventId:
        lastEventIdBytes === undefined
          ? undefined
          : new TextDecoder().decode(new Uint8Array(lastEventIdBytes)),
      lastEventIdBytes,
    }
    const list = seen.get(name) ?? []
    list.push(entry)
    seen.set(name, list)
    if (respond === undefined) {
      response.writeHead(404, CORS).end()
      return
    }
    const answer = respond(list.length - 1, entry)
    response.writeHead(answer.status ?? 200, {
      ...CORS,
      'content-type': answer.contentType ?? 'text/event-stream',
      'cache-control': 'no-cache',
    })
    for (const chunk of answer.chunks ?? []) response.write(chunk)
    if (answer.ending === 'drop') {
      // Let the written bytes leave before the socket dies, so the drop comes after them.
      setTimeout(() => response.socket?.destroy(), 20)
    } else response.end()
  })
  const port = await listenOnLoopback(server)
  const origin = `http://127.0.0.1:${port}`
  return {
    origin,
    url: (name) => `${origin}/${name}`,
    requests: async (name) => seen.get(name) ?? [],
    close: () => closeServer(server),
  }
}
