// The mock agent's HTTP server. Over 300 lines: startMockAgentServer is one closure over the records
// tests read (requests, attempts, stored streams, open counts) and the shutdown signal, which its SSE
// endpoints (chat, resume, plain text, resumable chats) all update; the WebSocket endpoint is in
// socket-agent.ts, the CLI's front in defaults-front.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer } from 'ws'
import { createResumableStreams, toNodeHandler } from '../../server/index.js'
import {
  getScenario,
  longScenario,
  type Scenario,
  scenarioEventsFor,
  scenarioText,
  tokenize,
} from '../scenarios.js'
import {
  encodeAgentEvents,
  encodePlainText,
  encodeSse,
  MOCK_SSE_FORMATS,
  type MockSseFormat,
} from '../wire-format.js'
import { readSseFaults, readWebSocketFaults, type SseFaults } from './faults.js'
import { type ForwardTarget, forwardChat } from './forward.js'
import { type SocketAgent, serveSocket } from './socket-agent.js'

export interface MockAgentServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default DEFAULT_MOCK_AGENT_SERVER_OPTIONS.port (0) */
  port?: number
  /** Delay between streamed events, in ms (a request's `delayMs` overrides it). @default DEFAULT_MOCK_AGENT_SERVER_OPTIONS.tokenDelayMs (15) */
  tokenDelayMs?: number
  /**
   * Forward POST /api/chat to a real model (OpenAI-compatible or Anthropic) instead of the scripted
   * scenarios; `forwardTargetFromEnv(process.env)` reads it from the environment. @default undefined
   */
  forward?: ForwardTarget | undefined
}

/** One request the server saw. */
export interface MockRequestRecord {
  method: string
  path: string
  query: Record<string, string>
  headers: Readonly<Record<string, string | string[] | undefined>>
  body: string
}

export interface MockAgentServer {
  /** http://127.0.0.1:PORT */
  readonly url: string
  /** ws://127.0.0.1:PORT/ws */
  readonly wsUrl: string
  readonly port: number
  /** Every HTTP request, in arrival order. */
  readonly requests: readonly MockRequestRecord[]
  /** Messages received over WebSocket, in arrival order. */
  readonly socketMessages: readonly string[]
  /** WebSocket connections accepted so far. */
  readonly socketConnections: number
  /** Streams (SSE responses and WebSocket connections) still open on the server side. */
  openStreams(): number
  /** Stream ids the client cancelled through POST /api/cancel or a WebSocket cancel message. */
  readonly cancelled: readonly string[]
  close(): Promise<void>
}

/** The server's defaults: `port` and `tokenDelayMs` of the options, `scenario` of a request without `?scenario=`. */
export const DEFAULT_MOCK_AGENT_SERVER_OPTIONS = Object.freeze({
  port: 0,
  tokenDelayMs: 15,
  scenario: 'markdown',
})

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

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

function scenarioFor(name: string, faults: SseFaults): Scenario {
  return name === 'long' ? longScenario(faults.tokens ?? 1000) : getScenario(name)
}

/**
 * Starts the mock agent: SSE on /api/chat (POST, JSON events; `?format=openai-chat` or `ag-ui` for
 * those wire formats) and /api/stream (GET, plain text), WebSocket on /ws.
 */
export async function startMockAgentServer(options: MockAgentServerOptions = {}): Promise<MockAgentServer> {
  const defaultDelay = options.tokenDelayMs ?? DEFAULT_MOCK_AGENT_SERVER_OPTIONS.tokenDelayMs
  const shutdown = new AbortController()
  const requests: MockRequestRecord[] = []
  const socketMessages: string[] = []
  const cancelled: string[] = []
  const attempts = new Map<string, number>()
  const streams = new Map<string, string[]>()
  const connections = new Set<Socket>()
  let openStreams = 0
  let socketConnections = 0
  let nextStream = 0

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (shutdown.signal.aborted) return resolve()
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        shutdown.signal.removeEventListener('abort', done)
        resolve()
      }
      shutdown.signal.addEventListener('abort', done, { once: true })
    })

  function countAttempt(key: string): number {
    const count = attempts.get(key) ?? 0
    attempts.set(key, count + 1)
    return count
  }

  // Resumable chats on the kit's own server helper (docs/resumable-streams.md): POST /api/chats
  // {id, messages, scenario?, delayMs?} and GET/DELETE /api/chats/{id}/stream. The answer outlives
  // the connection, so a reload or a second tab follows it (the playground's "resumable" transport).
  const resumable = createResumableStreams({
    basePath: '/api/chats',
    onError: () => {},
    async *events(body, { signal }) {
      const name =
        typeof body.scenario === 'string' ? body.scenario : DEFAULT_MOCK_AGENT_SERVER_OPTIONS.scenario
      const delay =
        typeof body.delayMs === 'number' ? Math.min(Math.max(body.delayMs, 0), 5000) : defaultDelay
      for (const event of scenarioEventsFor(scenarioFor(name, {}), body)) {
        if (signal.aborted || shutdown.signal.aborted) return
        if (delay > 0) await wait(delay)
        yield event
      }
    },
  })
  const serveResumable = toNodeHandler(async (request) => {
    const answer = await resumable.handler(request)
    const headers = new Headers(answer.headers)
    // Callable from another origin, like the rest of the mock; the client reads X-Stream-Id.
    headers.set('access-control-allow-origin', '*')
    headers.set('access-control-expose-headers', 'X-Stream-Id')
    return new Response(answer.body, { status: answer.status, headers })
  })

  /** Writes pre-serialised events with the request's faults. Ends or destroys the response itself. */
  async function pump(
    response: ServerResponse,
    chunks: readonly string[],
    faults: SseFaults,
    attempt: number,
  ) {
    openStreams++
    let closed = false
    response.on('close', () => {
      closed = true
    })
    const faulty = attempt < (faults.dropTimes ?? 1)
    // One value drops the first `dropTimes` attempts; a list gives each attempt its own offset.
    const drops = faults.dropAtBytes
    const dropAtByte =
      drops === undefined ? undefined : drops.length > 1 ? drops[attempt] : faulty ? drops[0] : undefined
    const delay = faults.delayMs ?? defaultDelay
    let heartbeat: NodeJS.Timeout | undefined
    if (faults.heartbeatMs) {
      heartbeat = setInterval(() => {
        if (!closed) response.write(': ping\n\n')
      }, faults.heartbeatMs)
    }
    let written = 0
    try {
      if (faults.retry !== undefined) response.write(`retry: ${faults.retry}\n\n`)
      for (let index = 0; index < chunks.length; index++) {
        if (closed || shutdown.signal.aborted) return
        if (faulty && index === faults.dropAfterEvents) {
          // Let the written events reach the client before the connection dies.
          await wait(10)
          return void response.socket?.destroy()
        }
        if (faulty && index === faults.endAfterEvents) return void response.end()
        if (faulty && index === faults.stallAfterEvents) {
          await new Promise<void>((resolve) => {
            const done = () => {
              shutdown.signal.removeEventListener('abort', done)
              resolve()
            }
            response.on('close', done)
            shutdown.signal.addEventListener('abort', done, { once: true })
          })
          return
        }
        let bytes = Buffer.from(chunks[index] as string)
        if (dropAtByte !== undefined && written + bytes.length >= dropAtByte) {
          bytes = bytes.subarray(0, dropAtByte - written)
          if (bytes.length > 0) response.write(bytes)
          // Let the partial bytes reach the client before the connection dies.
          await wait(5)
          return void response.socket?.destroy()
        }
        const piece = faults.chunkBytes ?? bytes.length
        for (let offset = 0; offset < bytes.length; offset += piece) {
          if (closed) return
          const ok = response.write(bytes.subarray(offset, offset + piece))
          if (!ok) await new Promise((resolve) => response.once('drain', resolve).once('close', resolve))
          if (faults.chunkBytes && delay > 0) await wait(delay)
        }
        written += bytes.length
        if (!faults.chunkBytes && delay > 0) await wait(delay)
      }
      if (!closed) response.end()
    } finally {
      if (heartbeat) clearInterval(heartbeat)
      openStreams--
    }
  }

  /** Applies the status/headers faults; returns false when the request was answered (or left hanging). */
  function answerFaults(response: ServerResponse, faults: SseFaults, key: string): boolean {
    const attempt = countAttempt(`status:${key}`)
    const statusApplies = attempt < (faults.statusTimes ?? Number.POSITIVE_INFINITY)
    if (faults.noHeaders && statusApplies) return false
    if (faults.status !== undefined && statusApplies) {
      response.writeHead(faults.status, {
        'content-type': faults.status === 204 ? 'text/plain' : 'application/json',
        ...(faults.retryAfter === undefined ? {} : { 'retry-after': faults.retryAfter }),
      })
      response.end(
        faults.status === 204
          ? undefined
          : (faults.body ?? JSON.stringify({ error: `status ${faults.status}` })),
      )
      return false
    }
    response.writeHead(200, {
      'content-type': faults.contentType ?? 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'access-control-allow-origin': '*',
      'x-accel-buffering': 'no',
    })
    if (faults.contentType !== undefined && faults.body !== undefined) {
      response.end(faults.body)
      return false
    }
    return true
  }

  async function chat(request: IncomingMessage, response: ServerResponse, url: URL, body: string) {
    const faults = readSseFaults(url.searchParams)
    const scenarioName = url.searchParams.get('scenario') ?? DEFAULT_MOCK_AGENT_SERVER_OPTIONS.scenario
    const key = faults.key ?? `${url.pathname}:${scenarioName}`
    const lastEventId = request.headers['last-event-id']
    let streamId: string
    let from = 0
    let chunks: string[]
    if (typeof lastEventId === 'string' && lastEventId !== '') {
      // Resume: continue the stored stream after the cursor; never generate again.
      const dash = lastEventId.lastIndexOf('-')
      streamId = lastEventId.slice(0, dash)
      from = Number(lastEventId.slice(dash + 1)) + 1
      const stored = streams.get(streamId)
      if (stored === undefined) {
        response.writeHead(410, { 'content-type': 'application/json' })
        return response.end('{"error":"unknown stream"}')
      }
      if (from >= stored.length) {
        response.writeHead(204)
        return response.end()
      }
      chunks = stored
    } else {
      streamId = `s${nextStream++}`
      // Interactive scenarios answer a continuation from the tool calls in the body (docs/tools.md).
      const events = scenarioEventsFor(scenarioFor(scenarioName, faults), parseBody(body))
      // `?format=` answers in another wire format (no event ids: those streams cannot resume).
      const format = url.searchParams.get('format') as MockSseFormat | null
      chunks =
        format !== null && format !== 'agent-events' && MOCK_SSE_FORMATS.includes(format)
          ? encodeSse(format, events)
          : encodeAgentEvents(events, (faults.ids ?? true) ? streamId : undefined)
      streams.set(streamId, chunks)
    }
    if (!answerFaults(response, faults, key)) return
    await pump(response, chunks.slice(from), faults, countAttempt(`drop:${key}`))
  }

  async function plainStream(response: ServerResponse, url: URL) {
    const faults = readSseFaults(url.searchParams)
    const scenarioName = url.searchParams.get('scenario') ?? DEFAULT_MOCK_AGENT_SERVER_OPTIONS.scenario
    const key = faults.key ?? `${url.pathname}:${scenarioName}`
    if (!answerFaults(response, faults, key)) return
    const text = scenarioText(scenarioFor(scenarioName, faults))
    // A chunk with a newline becomes several data lines, as FastAPI's StreamingResponse writers do.
    const chunks = encodePlainText(tokenize(text))
    await pump(response, chunks, faults, countAttempt(`drop:${key}`))
  }

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const body = request.method === 'POST' ? await readBody(request).catch(() => '') : ''
    requests.push({
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body,
    })
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': '*',
        'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      })
      return response.end()
    }
    if (url.pathname === '/api/chats' || url.pathname.startsWith('/api/chats/')) {
      // The body was read above: the adapter takes it from `request.body`, as after a body parser.
      return serveResumable(Object.assign(request, { body }), response)
    }
    if (url.pathname === '/api/chat' && request.method === 'POST') {
      if (options.forward) {
        const aborted = new AbortController()
        response.on('close', () => aborted.abort())
        return forwardChat(options.forward, body, response, aborted.signal)
      }
      return chat(request, response, url, body)
    }
    if (url.pathname === '/api/stream' && request.method === 'GET') return plainStream(response, url)
    if (url.pathname === '/api/cancel' && request.method === 'POST') {
      cancelled.push(url.searchParams.get('stream') ?? body)
      response.writeHead(204)
      return response.end()
    }
    if (url.pathname === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' })
      return response.end('{"ok":true}')
    }
    response.writeHead(404, { 'content-type': 'text/plain' })
    response.end('not found')
  })
  server.on('connection', (socket) => {
    connections.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => connections.delete(socket))
  })

  const sockets = new WebSocketServer({ noServer: true })
  const socketAgent: SocketAgent = {
    delayMs: defaultDelay,
    defaultScenario: DEFAULT_MOCK_AGENT_SERVER_OPTIONS.scenario,
    signal: shutdown.signal,
    wait,
    socketMessages,
    cancelled,
    streams: new Map(),
  }
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/ws') return socket.destroy()
    // A client that gives up on a hanging upgrade resets the socket: expected, not a crash.
    socket.on('error', () => {})
    const faults = readWebSocketFaults(url.searchParams)
    const attempt = countAttempt(`ws:${faults.client}`)
    if (attempt < (faults.rejectTimes ?? 0)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n')
      return
    }
    if (attempt < (faults.noUpgradeTimes ?? 0)) return
    sockets.handleUpgrade(request, socket, head, (ws) => {
      socketConnections++
      openStreams++
      ws.on('close', () => {
        openStreams--
      })
      serveSocket(ws, faults, attempt < (faults.closeTimes ?? 1), socketAgent)
    })
  })

  await new Promise<void>((resolve) =>
    server.listen(options.port ?? DEFAULT_MOCK_AGENT_SERVER_OPTIONS.port, '127.0.0.1', resolve),
  )
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    port,
    requests,
    socketMessages,
    cancelled,
    get socketConnections() {
      return socketConnections
    },
    openStreams: () => openStreams,
    async close() {
      shutdown.abort()
      await resumable.close()
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      for (const socket of connections) socket.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
