// The CLI's front server: it forwards every request (and WebSocket upgrade) to the mock server and
// adds the query defaults of the CLI's --scenario and --fault, which the server only reads per request.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { type AddressInfo, connect, type Socket } from 'node:net'

/** A `--fault` profile: the server's query-string faults it stands for. */
export interface FaultProfile {
  description: string
  /** Query defaults for a new SSE response (a resume request, with Last-Event-ID, gets none). */
  sse: Record<string, string>
  /** Query defaults for the WebSocket upgrade. The server faults only the first connection. */
  socket: Record<string, string>
  /** Give each new SSE response its own fault counter, so every answer meets the fault once. */
  perResponse?: boolean
}

const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade'])

/**
 * Serves `port` and forwards every request to the mock server on `innerPort`, adding the query
 * defaults (scenario, fault) a request does not set itself. The server has no option for default
 * faults, and its faults live in the query string, so this is where a profile becomes one.
 */
export async function startDefaultsFront(
  port: number,
  innerPort: number,
  defaults: { scenario: string; profile: FaultProfile },
): Promise<{ port: number; close(): Promise<void> }> {
  let responses = 0
  const sockets = new Set<Socket>()
  const withDefaults = (rawUrl: string | undefined, query: Record<string, string>) => {
    const url = new URL(rawUrl ?? '/', 'http://127.0.0.1')
    for (const [key, value] of Object.entries(query))
      if (!url.searchParams.has(key)) url.searchParams.set(key, value)
    return `${url.pathname}${url.search}`
  }
  const sseDefaults = (request: IncomingMessage): Record<string, string> => {
    // A resume continues the stored answer: faulting it again could starve it of progress.
    if (request.headers['last-event-id']) return {}
    const { profile, scenario } = defaults
    return { scenario, ...profile.sse, ...(profile.perResponse ? { key: `cli-${responses++}` } : {}) }
  }

  function forward(request: IncomingMessage, response: ServerResponse) {
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: innerPort,
        method: request.method,
        path: withDefaults(request.url, sseDefaults(request)),
        headers: request.headers,
        agent: false,
      },
      (reply) => {
        const headers = Object.fromEntries(
          Object.entries(reply.headers).filter(([name]) => !hopByHop.has(name)),
        )
        response.writeHead(reply.statusCode ?? 502, headers)
        response.flushHeaders()
        reply.pipe(response)
        // The server dropping the connection is the fault under test: drop the client's too.
        reply.on('close', () => {
          if (!reply.complete) response.destroy()
        })
      },
    )
    upstream.on('error', () => response.destroy())
    response.on('close', () => upstream.destroy())
    request.pipe(upstream)
  }

  const front = createServer(forward)
  front.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  front.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const upstream = connect(innerPort, '127.0.0.1')
    sockets.add(upstream)
    const destroyBoth = () => {
      socket.destroy()
      upstream.destroy()
      sockets.delete(upstream)
    }
    socket.on('error', destroyBoth).on('close', destroyBoth)
    upstream.on('error', destroyBoth).on('close', destroyBoth)
    upstream.on('connect', () => {
      const path = withDefaults(request.url, defaults.profile.socket)
      let lines = `${request.method} ${path} HTTP/${request.httpVersion}\r\n`
      for (let index = 0; index < request.rawHeaders.length; index += 2)
        lines += `${request.rawHeaders[index]}: ${request.rawHeaders[index + 1]}\r\n`
      upstream.write(`${lines}\r\n`)
      if (head.length > 0) upstream.write(head)
      upstream.pipe(socket).pipe(upstream)
    })
  })
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject)
    front.listen(port, '127.0.0.1', resolve)
  })
  return {
    port: (front.address() as AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy()
      front.closeAllConnections()
      await new Promise<void>((resolve) => front.close(() => resolve()))
    },
  }
}
