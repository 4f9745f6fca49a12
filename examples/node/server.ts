// A plain Node backend for react-agent-stream (node:http + ws, no framework), with canned answers.
//
//   GET  /stream?query=...  plain text over SSE (`data: <chunk>`), FastAPI's StreamingResponse shape
//   POST /api/chat          the kit's JSON events (docs/protocol.md), resumable (docs/resumable-streams.md):
//   GET|DELETE /api/chat/:id/stream   follow (reload, second tab, Last-Event-ID) or stop a chat's answer
//   WS   /ws                reads the user's text, replies {"type":"chunk"} messages then {"type":"done"}
//
// Run it: npx tsx examples/node/server.ts --port 8000   (or PORT=8000; REDIS_URL=redis://... to share
// answers between several instances)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { parseArgs } from 'node:util'
import { createRedisStore, createResumableStreams, toNodeHandler } from 'react-agent-stream/server'
import { type WebSocket, WebSocketServer } from 'ws'
import { generate, ModelError } from './model.js'

const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // Behind nginx: don't hold the stream back.
  'x-accel-buffering': 'no',
}
/** How long a finished answer stays available to resume. */
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

// --- POST /api/chat, GET/DELETE /api/chat/:id/stream: resumable JSON events -------------------

/**
 * The kit's JSON events (docs/protocol.md) made resumable by `react-agent-stream/server`
 * (docs/resumable-streams.md): the answer is generated independently of any connection, a drop,
 * a reload or a second tab follows it, and `stop()` cancels it. With REDIS_URL set, several
 * instances share one Redis, so a reconnect served by another instance resumes too.
 */
const redis = process.env.REDIS_URL ? createRedisStore({ url: process.env.REDIS_URL }) : undefined
const streams = createResumableStreams({
  store: redis,
  ttlMs: streamTtlMs,
  basePath: '/api/chat',
  // Ends with a `finish` added by the helper (a `cancelled` one when stop() cancels it).
  async *events(body, { signal }) {
    yield { type: 'message-start' }
    try {
      for await (const text of generate(lastUserText(body.messages), signal))
        yield { type: 'text-delta', text }
    } catch (error) {
      if (!(error instanceof ModelError)) throw error
      // Reported in-band: the client keeps the text it already has.
      yield { type: 'error', message: error.message }
    }
  },
})
const chat = toNodeHandler(streams.handler)

/** The newest user message of the kit's request body: {"messages":[{id, role, content}]}. */
function lastUserText(messages: readonly unknown[]): string {
  const user = (messages as { role?: string; content?: unknown }[]).findLast(
    (message) => message?.role === 'user',
  )
  return typeof user?.content === 'string' ? user.content : ''
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
  if (url.pathname === '/api/chat' || url.pathname.startsWith('/api/chat/')) return chat(request, response)
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
  void streams.close()
  void redis?.close()
  for (const client of sockets.clients) client.terminate()
  server.closeAllConnections()
  server.close(() => process.exit(0))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
