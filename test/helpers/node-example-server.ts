import { join } from 'node:path'
import { startServerProcess } from './child-process.js'
import { freePort } from './local-server.js'

export interface NodeExampleOptions {
  /** The port on 127.0.0.1 (a restarted instance takes its old one). @default a free port */
  port?: number
  /** Added to the example's environment (REDIS_URL, TOKEN_DELAY_MS). @default {} */
  env?: NodeJS.ProcessEnv
}

export interface NodeExampleServer {
  /** http://127.0.0.1:<port> */
  url: string
  port: number
  close(): Promise<void>
}

/** Runs examples/node/server.ts under tsx and resolves once GET /health answers (throws when it never does). */
export async function startNodeExample(options: NodeExampleOptions = {}): Promise<NodeExampleServer> {
  const port = options.port ?? (await freePort())
  const url = `http://127.0.0.1:${port}`
  const started = await startServerProcess(
    'npx',
    ['tsx', join(process.cwd(), 'examples/node/server.ts'), '--port', String(port)],
    // tsx compiles on start: slower than uvicorn on a busy machine.
    { url, name: `the Node example on port ${port}`, env: options.env, attempts: 600 },
  )
  return { url, port, close: () => started.stop() }
}
