// A small HTTP load balancer for the resumable-stream end-to-end run: round-robin over several
// backend instances on 127.0.0.1, unbuffered (SSE passes through as it is written), with failover
// to the next instance when one refuses the connection (it was killed). It logs every request and
// which instance served it, and can cut the open client connections to simulate a network drop.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { listenOnLoopback } from '../test/helpers/local-server.js'

export interface ProxiedRequest {
  method: string
  path: string
  /** The upstream port that answered, or undefined when every instance refused. */
  upstream: number | undefined
  status: number | undefined
}

export interface RoundRobinProxy {
  readonly port: number
  /** Every request, in arrival order. */
  readonly log: readonly ProxiedRequest[]
  /** Destroys every open client connection (a dropped network): the client sees a truncated body. */
  cutConnections(): number
  /** The upstreams whose responses are open now (port per open stream). */
  openUpstreams(): number[]
  close(): Promise<void>
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection'])

function forward(
  incoming: IncomingMessage,
  body: Buffer,
  port: number,
  response: ServerResponse,
  onOpen: (upstreamResponse: IncomingMessage) => void,
): Promise<'refused' | 'served'> {
  return new Promise((resolve) => {
    const headers: Record<string, string | string[]> = {}
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value
    }
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers },
      (upstream) => {
        const responseHeaders: Record<string, string | string[]> = {}
        for (const [name, value] of Object.entries(upstream.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) responseHeaders[name] = value
        }
        response.writeHead(upstream.statusCode ?? 502, responseHeaders)
        response.flushHeaders()
        onOpen(upstream)
        upstream.on('data', (chunk: Buffer) => response.write(chunk))
        upstream.on('end', () => response.end())
        // The instance died mid-body: the client sees the connection drop, as it would in production.
        upstream.on('error', () => response.destroy())
        upstream.on('close', () => {
          if (!response.writableEnded) response.destroy()
        })
        response.on('close', () => upstream.destroy())
        resolve('served')
      },
    )
    // Refused or reset before the headers: try the next instance (nothing reached the client yet).
    outgoing.on('error', () => {
      if (!response.headersSent) resolve('refused')
      else response.destroy()
    })
    outgoing.end(body)
  })
}

/** Starts the proxy on a free port of 127.0.0.1 in front of `upstreams` (ports on 127.0.0.1). */
export async function startRoundRobinProxy(upstreams: readonly number[]): Promise<RoundRobinProxy> {
  const log: ProxiedRequest[] = []
  const sockets = new Set<Socket>()
  const open = new Map<IncomingMessage, number>()
  let next = 0

  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of incoming) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const entry: ProxiedRequest = {
      method: incoming.method ?? 'GET',
      path: incoming.url ?? '/',
      upstream: undefined,
      status: undefined,
    }
    log.push(entry)
    for (let tried = 0; tried < upstreams.length; tried++) {
      const port = upstreams[next % upstreams.length] as number
      next++
      const outcome = await forward(incoming, body, port, response, (upstream) => {
        entry.upstream = port
        entry.status = upstream.statusCode
        open.set(upstream, port)
        upstream.on('close', () => open.delete(upstream))
      })
      if (outcome === 'served') return
    }
    response.writeHead(502, { 'content-type': 'text/plain' })
    response.end('every instance refused the connection')
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const port = await listenOnLoopback(server)

  return {
    port,
    log,
    cutConnections() {
      const count = sockets.size
      for (const socket of sockets) socket.destroy()
      return count
    },
    openUpstreams: () => [...open.values()],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
