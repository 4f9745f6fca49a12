import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { getScenario, tokenize } from '../scenarios.js'

export interface MockAgentServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number
  /** Delay between streamed events, in ms. @default 15 */
  tokenDelayMs?: number
}

export interface MockAgentServer {
  /** http://127.0.0.1:PORT */
  readonly url: string
  /** ws://127.0.0.1:PORT/ws */
  readonly wsUrl: string
  readonly port: number
  close(): Promise<void>
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', () => resolve(body))
    request.on('error', reject)
  })
}

function sseHeaders(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'access-control-allow-origin': '*',
    'x-accel-buffering': 'no',
  })
}

/** Starts the mock agent: SSE on /api/chat (POST, JSON events) and /api/stream (GET, plain text), WebSocket on /ws. */
export async function startMockAgentServer(options: MockAgentServerOptions = {}): Promise<MockAgentServer> {
  const tokenDelayMs = options.tokenDelayMs ?? 15
  const timers = new Set<NodeJS.Timeout>()

  function stream<T>(
    items: readonly T[],
    write: (item: T, index: number) => void,
    end: () => void,
  ): () => void {
    let index = 0
    let timer: NodeJS.Timeout | undefined
    const next = () => {
      if (timer) timers.delete(timer)
      if (index >= items.length) return end()
      write(items[index] as T, index)
      index++
      timer = setTimeout(next, tokenDelayMs)
      timers.add(timer)
    }
    next()
    return () => {
      if (timer) {
        clearTimeout(timer)
        timers.delete(timer)
      }
    }
  }

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': '*',
        'access-control-allow-methods': 'GET, POST, OPTIONS',
      })
      return response.end()
    }
    if (url.pathname === '/api/chat' && request.method === 'POST') {
      await readBody(request)
      const scenario = getScenario(url.searchParams.get('scenario') ?? 'markdown')
      sseHeaders(response)
      const cancel = stream(
        scenario.events,
        (event, index) => response.write(`id: ${index}\ndata: ${JSON.stringify(event)}\n\n`),
        () => response.end(),
      )
      response.on('close', cancel)
      return
    }
    if (url.pathname === '/api/stream' && request.method === 'GET') {
      const scenario = getScenario(url.searchParams.get('scenario') ?? 'markdown')
      const text = scenario.events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('')
      sseHeaders(response)
      const cancel = stream(
        tokenize(text),
        // A chunk with a newline becomes several data lines, as FastAPI's StreamingResponse writers do.
        (chunk) =>
          response.write(
            `${chunk
              .split('\n')
              .map((line) => `data: ${line}`)
              .join('\n')}\n\n`,
          ),
        () => response.end(),
      )
      response.on('close', cancel)
      return
    }
    if (url.pathname === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' })
      return response.end('{"ok":true}')
    }
    response.writeHead(404, { 'content-type': 'text/plain' })
    response.end('not found')
  })

  const sockets = new WebSocketServer({ noServer: true })
  server.on('upgrade', (request, socket, head) => {
    if (!request.url?.startsWith('/ws')) return socket.destroy()
    sockets.handleUpgrade(request, socket, head, (ws) => {
      ws.on('message', () => {
        const scenario = getScenario('markdown')
        const text = scenario.events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('')
        const cancel = stream(
          tokenize(text),
          (content) => ws.send(JSON.stringify({ type: 'chunk', content })),
          () => ws.send(JSON.stringify({ type: 'done' })),
        )
        ws.on('close', cancel)
      })
    })
  })

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    port,
    async close() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
