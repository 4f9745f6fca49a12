import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What one request gets: exact bytes, in chunks written one after another. */
export interface WireResponse {
  /** @default 200 */
  status?: number
  /** @default 'text/event-stream' */
  contentType?: string
  chunks?: readonly (string | Uint8Array)[]
  /** 'end' finishes the body cleanly; 'drop' destroys the socket after the chunks (a network drop). @default 'end' */
  ending?: 'end' | 'drop'
}

/** A request as the server saw it; `lastEventIdBytes` is the raw header value, byte for byte. */
export interface SeenRequest {
  path: string
  lastEventId: string | undefined
  lastEventIdBytes: Uint8Array | undefined
}

export interface WireServer {
  /** Serves `respond(attempt)` (0-based per path) at a new path; returns its absolute URL. */
  route(name: string, respond: (attempt: number, request: SeenRequest) => WireResponse): string
  requests(name: string): SeenRequest[]
  close(): Promise<void>
}

function rawHeader(request: IncomingMessage, name: string): Uint8Array | undefined {
  const raw = request.rawHeaders
  for (let index = 0; index < raw.length; index += 2) {
    // Node decodes header bytes as Latin-1: turning them back gives the bytes on the wire.
    if (raw[index]?.toLowerCase() === name) return new Uint8Array(Buffer.from(raw[index + 1] ?? '', 'latin1'))
  }
  return undefined
}

/** An HTTP server on 127.0.0.1 that answers each path with scripted event-stream bytes. */
export async function startWireServer(): Promise<WireServer> {
  const routes = new Map<string, (attempt: number, request: SeenRequest) => WireResponse>()
  const seen = new Map<string, SeenRequest[]>()
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname.slice(1)
    const respond = routes.get(path)
    const lastEventIdBytes = rawHeader(request, 'last-event-id')
    const entry: SeenRequest = {
      path,
      lastEventId: lastEventIdBytes === undefined ? undefined : new TextDecoder().decode(lastEventIdBytes),
      lastEventIdBytes,
    }
    const list = seen.get(path) ?? []
    list.push(entry)
    seen.set(path, list)
    if (respond === undefined) {
      response.writeHead(404).end()
      return
    }
    const answer = respond(list.length - 1, entry)
    response.writeHead(answer.status ?? 200, {
      'content-type': answer.contentType ?? 'text/event-stream',
      'cache-control': 'no-cache',
    })
    for (const chunk of answer.chunks ?? []) response.write(chunk)
    if (answer.ending === 'drop') {
      // Let the written bytes leave before the socket dies, so the drop comes after them.
      setTimeout(() => response.socket?.destroy(), 20)
    } else response.end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    route(name, respond) {
      routes.set(name, respond)
      return `http://127.0.0.1:${port}/${name}`
    },
    requests: (name) => seen.get(name) ?? [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
