// One server per test file: started in beforeAll, closed in afterAll.
import { createServer, type RequestListener, type Server } from 'node:http'
import { afterAll, beforeAll } from 'vitest'
import {
  type MockAgentServer,
  type MockAgentServerOptions,
  startMockAgentServer,
} from '../../src/testing/server/index.js'
import { closeServer, listenOnLoopback } from './local-server.js'

/**
 * Starts a server before the file's tests and closes it after them. The returned object reads
 * through to that server (`server.url`, `server.requests`, methods bound to it), so tests use it
 * like the server itself; reading it before beforeAll ran throws.
 */
export function setupServer<T extends { close(): Promise<void> }>(
  start: () => Promise<T>,
  options: { timeoutMs?: number } = {},
): T {
  let server: T | undefined
  beforeAll(async () => {
    server = await start()
  }, options.timeoutMs)
  afterAll(async () => {
    await server?.close()
  })
  return new Proxy({} as T, {
    get(_target, key) {
      if (!server) throw new Error(`the server is not started yet (read of ${String(key)} outside a test)`)
      const value: unknown = Reflect.get(server, key, server)
      return typeof value === 'function' ? value.bind(server) : value
    },
  })
}

/**
 * The mock agent server on a free port of 127.0.0.1 for the file's tests, with `options` as its
 * settings (e.g. `{ tokenDelayMs: 0 }`).
 */
export function setupMockAgentServer(options: MockAgentServerOptions = {}): MockAgentServer {
  return setupServer(() => startMockAgentServer({ port: 0, ...options }))
}

/** A plain HTTP server of the test's own on 127.0.0.1. */
export interface LocalHttpServer {
  /** http://127.0.0.1:PORT */
  readonly url: string
  readonly server: Server
  close(): Promise<void>
}

/**
 * Serves `handler` on a free port of 127.0.0.1 for the file's tests (scripted endpoints, recorded
 * fixtures). `attach` adds to the server before it listens (a WebSocketServer) and returns its cleanup.
 */
export function setupHttpServer(
  handler: RequestListener,
  options: { attach?: (server: Server) => () => void } = {},
): LocalHttpServer {
  return setupServer(async () => {
    const server = createServer(handler)
    const detach = options.attach?.(server)
    const url = `http://127.0.0.1:${await listenOnLoopback(server)}`
    return {
      url,
      server,
      close: () => {
        detach?.()
        return closeServer(server)
      },
    }
  })
}
