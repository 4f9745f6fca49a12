import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { AgentEvent } from '../../src/core/index.js'
import { createResumableStreams, toNodeHandler } from '../../src/server/index.js'
import { listenOnLoopback } from './local-server.js'

/** One request the contract server saw. */
export interface SeenRequest {
  method: string
  path: string
  lastEventId: string | undefined
}

export interface ResumableServerOptions {
  /** Words of every answer. @default 30 words */
  words?: readonly string[]
  /** Delay between words, ms. @default 15 */
  delayMs?: number
}

/**
 * The real contract server (react-agent-stream/server, memory store) on 127.0.0.1 through its
 * node:http adapter, answering every POST with scripted words. Counts generations and cancels,
 * and can cut the connection of the next POST after some events (a network drop).
 */
export async function startResumableServer(options: ResumableServerOptions = {}) {
  const words = options.words ?? Array.from({ length: 30 }, (_, index) => `w${index} `)
  const delayMs = options.delayMs ?? 15
  const requests: SeenRequest[] = []
  let generations = 0
  let cancelled = 0
  let dropNextPostAfterWrites: number | undefined
  let hold: { afterWords: number; released: Promise<void> } | undefined
  const sockets = new Set<Socket>()

  const streams = createResumableStreams({
    heartbeatMs: 60_000,
    onError: () => {},
    async *events(_body, { signal }): AsyncGenerator<AgentEvent> {
      generations++
      signal.addEventListener('abort', () => cancelled++, { once: true })
      const paused = hold
      hold = undefined
      for (const [index, word] of words.entries()) {
        await new Promise((resolve) => setTimeout(resolve, delayMs))
        if (index === paused?.afterWords) {
          const aborted = new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
          await Promise.race([paused.released, aborted])
        }
        // The server ends the stream with its own `finish` (cancelled).
        if (signal.aborted) return
        yield { type: 'text-delta', text: word }
      }
      yield { type: 'finish', reason: 'stop' }
    },
  })
  const handle = toNodeHandler(streams.handler)

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const lastEventId = req.headers['last-event-id']
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      lastEventId: typeof lastEventId === 'string' ? lastEventId : undefined,
    })
    if (req.method === 'POST' && dropNextPostAfterWrites !== undefined) {
      const limit = dropNextPostAfterWrites
      dropNextPostAfterWrites = undefined
      let writes = 0
      const write = res.write.bind(res) as (chunk: unknown) => boolean
      res.write = ((chunk: unknown) => {
        const ok = write(chunk)
        // Let the written bytes reach the client, then kill the connection mid-answer.
        if (++writes === limit) setTimeout(() => res.socket?.destroy(), 5)
        return ok
      }) as typeof res.write
    }
    void handle(req, res)
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const url = `http://127.0.0.1:${await listenOnLoopback(server)}`
  return {
    url,
    api: `${url}/api/chat`,
    text: words.join(''),
    requests,
    get generations() {
      return generations
    },
    get cancelled() {
      return cancelled
    },
    /**
     * Makes the next answer wait after `afterWords` words until `release()` (a test that follows a
     * running answer must not race its end); a cancel ends the wait too.
     */
    holdNextAnswer(afterWords: number) {
      let release: () => void = () => {}
      const released = new Promise<void>((resolve) => {
        release = resolve
      })
      hold = { afterWords, released }
      return release
    },
    /** Kills the next POST's connection after `writes` body writes. */
    dropNextPost(writes: number) {
      dropNextPostAfterWrites = writes
    },
    count(method: string, pathEnd = '') {
      return requests.filter((request) => request.method === method && request.path.endsWith(pathEnd)).length
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      await streams.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type ResumableServer = Awaited<ReturnType<typeof startResumableServer>>
