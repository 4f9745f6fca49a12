import { createServer, type Server } from 'node:http'
import { type FetchHandler, toNodeHandler } from '../../src/entries/server.js'
import { closeServer, listenOnLoopback } from '../helpers/local-server.js'
import { waitFor } from '../helpers/wait-for.js'

const servers: Server[] = []
async function serve(handler: FetchHandler, options?: Parameters<typeof toNodeHandler>[1]) {
  const server = createServer(toNodeHandler(handler, options))
  servers.push(server)
  return `http://127.0.0.1:${await listenOnLoopback(server)}`
}
afterEach(async () => {
  for (const server of servers.splice(0)) {
    await closeServer(server)
  }
})

describe('toNodeHandler', () => {
  it('hands the handler the method, URL, headers and body, and writes its status, headers and body', async () => {
    const url = await serve(async (request) => {
      const body = await request.text()
      return new Response(
        `${request.method} ${new URL(request.url).pathname} ${request.headers.get('x-a')} ${body}`,
        {
          status: 201,
          headers: { 'x-b': 'two' },
        },
      )
    })
    const response = await fetch(`${url}/path?q=1`, {
      method: 'POST',
      headers: { 'x-a': 'one' },
      body: 'hello',
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('x-b')).toBe('two')
    expect(await response.text()).toBe('POST /path one hello')
  })

  it('aborts request.signal and cancels the body when the client disconnects', async () => {
    let signal: AbortSignal | undefined
    let cancelled = false
    const url = await serve((request) => {
      signal = request.signal
      return new Response(
        new ReadableStream({
          pull: (controller) => controller.enqueue(new TextEncoder().encode(': ping\n\n')),
          cancel: () => {
            cancelled = true
          },
        }),
      )
    })
    const client = new AbortController()
    const response = await fetch(url, { signal: client.signal })
    await response.body?.getReader().read()
    client.abort()
    await waitFor(() => signal?.aborted === true && cancelled)
  })

  it('takes the body a middleware already parsed (Express json()) instead of waiting for the stream', async () => {
    const handler = toNodeHandler(async (request) => new Response(JSON.stringify(await request.json())))
    const server = createServer((req, res) => {
      let text = ''
      req.on('data', (chunk) => {
        text += chunk
      })
      req.on('end', () => {
        Object.assign(req, { body: JSON.parse(text) })
        void handler(req, res)
      })
    })
    servers.push(server)
    const url = `http://127.0.0.1:${await listenOnLoopback(server)}`
    const response = await fetch(url, { method: 'POST', body: JSON.stringify({ id: 'c1', messages: [] }) })
    expect(await response.json()).toEqual({ id: 'c1', messages: [] })
  })

  it('answers 413 to a body over maxBodyBytes without calling the handler', async () => {
    let calls = 0
    const url = await serve(
      () => {
        calls++
        return new Response('ok')
      },
      { maxBodyBytes: 10 },
    )
    const response = await fetch(url, { method: 'POST', body: 'x'.repeat(11) })
    expect(response.status).toBe(413)
    expect(calls).toBe(0)
  })

  it('answers 500 when the handler throws', async () => {
    const url = await serve(() => {
      throw new Error('boom')
    })
    const response = await fetch(url)
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ error: 'server', message: 'request failed' })
  })
})
