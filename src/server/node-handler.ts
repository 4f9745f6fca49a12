import type { IncomingMessage, ServerResponse } from 'node:http'
import { StreamError } from '../core/index.js'

export interface NodeHandlerOptions {
  /** Largest request body read into the Request; a bigger one gets 413. @default 8_388_608 (8 MiB) */
  maxBodyBytes?: number
}

export const DEFAULT_NODE_HANDLER_OPTIONS = Object.freeze({ maxBodyBytes: 8 * 1024 * 1024 } as const)

/** A fetch-style handler: what `createResumableStreams().handler` is, and what Next.js and Hono use. */
export type FetchHandler = (request: Request) => Response | Promise<Response>

/** What a body-parsing middleware (Express `json()`) left on the request after reading its stream. */
function parsedBody(req: IncomingMessage): Buffer {
  const body = (req as IncomingMessage & { body?: unknown }).body
  if (body === undefined || body === null) return Buffer.alloc(0)
  if (Buffer.isBuffer(body)) return body
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body))
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  // A middleware already read the stream: waiting for its 'end' would hang, so take what it parsed.
  if (req.readableEnded) return Promise.resolve(parsedBody(req))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      // Past the limit the rest is read and dropped, so the 413 reaches the client before the socket closes.
      if (size > limit) {
        chunks.length = 0
        return reject(new StreamError('event_too_large', `request body over ${limit} bytes`, { status: 413 }))
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    for (const value of values ?? []) headers.append(name, value)
  }
  return headers
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) headers['set-cookie'] = cookies
  res.writeHead(response.status, headers)
  // Send the headers now: an event stream may not write its first byte for a while.
  res.flushHeaders()
  if (response.body === null) return void res.end()
  const reader = response.body.getReader()
  // The client left: stop reading, which ends the follower (and releases its store connection).
  const onClose = () => void reader.cancel().catch(() => {})
  res.on('close', onClose)
  try {
    while (true) {
      const { done, value } = await reader.read()
      if (done) break
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve)
          res.once('close', resolve)
        })
      }
      if (res.destroyed) break
    }
    res.end()
  } finally {
    res.off('close', onClose)
  }
}

/**
 * Serves a fetch-style handler from `node:http` (or Express, which passes the same `(req, res)`):
 * builds a Web `Request` whose `signal` aborts when the client disconnects, then streams the
 * `Response` back with backpressure.
 */
export function toNodeHandler(
  handler: FetchHandler,
  options: NodeHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_NODE_HANDLER_OPTIONS.maxBodyBytes
  return async (req, res) => {
    const disconnected = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) disconnected.abort()
    })
    try {
      const method = req.method ?? 'GET'
      const hasBody = method !== 'GET' && method !== 'HEAD'
      const body = hasBody ? await readBody(req, maxBodyBytes) : undefined
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`)
      const request = new Request(url, {
        method,
        headers: toHeaders(req),
        body: body && body.length > 0 ? new Uint8Array(body) : null,
        signal: disconnected.signal,
      })
      await writeResponse(await handler(request), res)
    } catch (error) {
      if (res.headersSent) return void res.destroy()
      const status = StreamError.is(error) && error.status === 413 ? 413 : 500
      res.writeHead(status, {
        'content-type': 'application/json',
        ...(status === 413 ? { connection: 'close' } : {}),
      })
      res.end(
        JSON.stringify({ error: status === 413 ? 'body_too_large' : 'server', message: 'request failed' }),
      )
    }
  }
}
