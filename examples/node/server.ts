// A plain Node backend for react-agent-stream (node:http + ws, no framework), with canned answers.
//
//   GET  /stream?query=...  plain text over SSE (`data: <chunk>`), FastAPI's StreamingResponse shape
//   POST /api/chat          the kit's JSON events (docs/protocol.md) with ids; resumes from Last-Event-ID
//   WS   /ws                reads the user's text, replies {"type":"chunk"} messages then {"type":"done"}
//
// Run it: npx tsx examples/node/server.ts --port 8000   (or PORT=8000)
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { parseArgs } from 'node:util'
import { type WebSocket, WebSocketServer } from 'ws'
import { generate, ModelError } from './model.js'

const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // Behind nginx: don't hold the stream back.
  'x-accel-buffering': 'no',
}
/** How long a finished answer stays available for Last-Event-ID resume. */
const streamTtlMs = 5 * 60_000

// --- GET /stream: plain text over SSE ---------------------------------------------------------

/** One SSE event carrying `chunk` as is: a raw newline would end the field, so each line gets its own `data:`. */
function sseText(chunk: string, event?: string): string {
  const data = chunk
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('')
  return `${event ? `event: ${event}\n` : ''}${data}\n`
}

async function plainTextStream(response: ServerResponse, query: string) {
  const stopped = new AbortController()
  response.on('close', () => stopped.abort())
  response.writeHead(200, sseHeaders)
  try {
    for await (const token of generate(query, stopped.signal)) response.write(sseText(token))
  } catch (error) {
    if (!(error instanceof ModelError)) throw error
    response.write(sseText(error.message, 'error'))
  }
  response.end()
}

// --- POST /api/chat: the kit's JSON events, resumable ------------------------------------------

/**
 * One answer's encoded events, kept after it ends so that a dropped client can resume. The answer
 * is generated independently of any connection: a drop neither stops nor loses it.
 */
class BufferedStream {
  readonly events: string[] = []
  finishedAt: number | undefined
  private readonly waiting = new Set<() => void>()

  constructor(readonly id: string) {}

  append(event: object) {
    this.events.push(`id: ${this.id}-${this.events.length}\ndata: ${JSON.stringify(event)}\n\n`)
    this.notify()
  }

  finish() {
    this.finishedAt = Date.now()
    this.notify()
  }

  /** Writes the events from `start` on, waiting for new ones, until the answer ends or the client leaves. */
  async follow(response: ServerResponse, start: number) {
    let cursor = start
    while (!response.destroyed) {
      while (cursor < this.events.length) response.write(this.events[cursor++])
      if (this.finishedAt !== undefined) return void response.end()
      await new Promise<void>((resolve) => {
        this.waiting.add(resolve)
        response.once('close', resolve)
      })
    }
  }

  private notify() {
    for (const resolve of this.waiting) resolve()
    this.waiting.clear()
  }
}

const streams = new Map<string, BufferedStream>()

function pruneStreams(now = Date.now()) {
  for (const [id, stream] of streams)
    if (stream.finishedAt !== undefined && now - stream.finishedAt > streamTtlMs) streams.delete(id)
}

async function produce(stream: BufferedStream, question: string) {
  stream.append({ type: 'message-start', messageId: `msg_${stream.id}` })
  try {
    for await (const text of generate(question)) stream.append({ type: 'text-delta', text })
    stream.append({ type: 'finish', reason: 'stop' })
  } catch (error) {
    // Reported in-band: the client keeps the text it already has.
    stream.append({ type: 'error', message: error instanceof Error ? error.message : String(error) })
    stream.append({ type: 'finish', reason: 'error' })
  } finally {
    stream.finish()
  }
}

/** The newest user message of the kit's request body: {"messages":[{id, role, content}]}. */
function lastUserText(body: string): string {
  try {
    const { messages } = JSON.parse(body) as { messages?: { role?: string; content?: unknown }[] }
    const user = messages?.findLast((message) => message.role === 'user')
    return typeof user?.content === 'string' ? user.content : ''
  } catch {
    return ''
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = ''
  request.setEncoding('utf8')
  for await (const chunk of request) body += chunk
  return body
}

async function chat(request: IncomingMessage, response: ServerResponse) {
  pruneStreams()
  const body = await readBody(request)
  const lastEventId = request.headers['last-event-id']
  if (typeof lastEventId === 'string' && lastEventId !== '') {
    // Resume: the same request with the id of the last event the client applied.
    const dash = lastEventId.lastIndexOf('-')
    const stream = streams.get(lastEventId.slice(0, dash))
    const start = Number(lastEventId.slice(dash + 1)) + 1
    if (stream === undefined || !Number.isInteger(start)) {
      response.writeHead(404, { 'content-type': 'application/json' })
      return response.end('{"error":"unknown or expired stream"}')
    }
    if (stream.finishedAt !== undefined && start >= stream.events.length) {
      // Nothing left: SSE clients stop on 204.
      return response.writeHead(204).end()
    }
    response.writeHead(200, sseHeaders)
    return stream.follow(response, start)
  }
  const stream = new BufferedStream(randomUUID().slice(0, 8))
  streams.set(stream.id, stream)
  void produce(stream, lastUserText(body))
  response.writeHead(200, sseHeaders)
  return stream.follow(response, 0)
}

// --- WS /ws: {"type":"chunk"} / {"type":"done"} messages ---------------------------------------

/** The `type` of a control message the kit's socket sends (ping, cancel, resume); undefined for a question. */
function controlType(text: string): 'ping' | 'cancel' | 'resume' | undefined {
  if (!text.startsWith('{')) return undefined
  try {
    const { type } = JSON.parse(text) as { type?: unknown }
    return type === 'ping' || type === 'cancel' || type === 'resume' ? type : undefined
  } catch {
    return undefined
  }
}

async function answerOverSocket(socket: WebSocket, question: string, signal: AbortSignal) {
  const send = (message: object) => {
    if (!signal.aborted && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message))
  }
  try {
    for await (const content of generate(question, signal)) send({ type: 'chunk', content })
    send({ type: 'done' })
  } catch (error) {
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) })
  }
}

function serveSocket(socket: WebSocket) {
  let answering: AbortController | undefined
  socket.on('message', (data) => {
    const text = data.toString()
    const kind = controlType(text)
    if (kind === 'ping') return socket.send('{"type":"pong"}')
    // "cancel", or a new question, stops the answer in flight.
    answering?.abort()
    if (kind === 'cancel') return
    if (kind === 'resume') {
      // This example keeps no per-client buffer: say so rather than answer twice.
      const message = 'The connection dropped mid-answer; please ask again.'
      return socket.send(JSON.stringify({ type: 'error', message }))
    }
    answering = new AbortController()
    void answerOverSocket(socket, text, answering.signal)
  })
  socket.on('close', () => answering?.abort())
}

// --- The server -----------------------------------------------------------------------------------

async function route(request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://localhost')
  if (request.method === 'GET' && url.pathname === '/stream')
    return plainTextStream(response, url.searchParams.get('query') ?? '')
  if (request.method === 'POST' && url.pathname === '/api/chat') return chat(request, response)
  if (request.method === 'GET' && url.pathname === '/health')
    return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
  response.writeHead(404).end()
}

const server = createServer((request, response) => {
  route(request, response).catch((error: unknown) => {
    console.error(error)
    if (!response.headersSent) response.writeHead(500)
    response.end()
  })
})
const sockets = new WebSocketServer({ server, path: '/ws' })
sockets.on('connection', serveSocket)

const { values } = parseArgs({
  options: { port: { type: 'string' }, host: { type: 'string' } },
})
const port = Number(values.port ?? process.env.PORT ?? 8000)
const host = values.host ?? process.env.HOST ?? '127.0.0.1'
server.listen(port, host, () => {
  const address = server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  console.log(
    `react-agent-stream Node example on http://${host}:${actual} (GET /stream, POST /api/chat, WS /ws)`,
  )
})

const shutdown = () => {
  for (const client of sockets.clients) client.terminate()
  server.closeAllConnections()
  server.close(() => process.exit(0))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
