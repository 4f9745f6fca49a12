import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { ensurePythonDeps } from '../../scripts/python-deps.mjs'
import { startServerProcess } from './child-process.js'
import { freePort } from './local-server.js'

// Tests and scripts run from the repository root; import.meta.url is not a file URL under jsdom.
const EXAMPLE_DIR = join(process.cwd(), 'examples/fastapi')

export interface FastApiServerOptions {
  /** Added to the example's environment (REDIS_URL, HEARTBEAT_MS, TOKEN_DELAY_MS). @default {} */
  env?: NodeJS.ProcessEnv
}

export interface FastApiServer {
  /** http://127.0.0.1:<port> */
  url: string
  /** The canned answer the example gives to `question`, read from app.py itself. */
  answerFor(question: string): string
  close(): Promise<void>
}

/**
 * Runs examples/fastapi/app.py under uvicorn on a free port of 127.0.0.1, as its README says, and
 * resolves once GET /health answers. Throws (the test fails, never skips) when Python or its modules
 * are missing or it does not start.
 */
export async function startFastApiExample(options: FastApiServerOptions = {}): Promise<FastApiServer> {
  const python = ensurePythonDeps()
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const started = await startServerProcess(
    python,
    ['-m', 'uvicorn', 'app:app', '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'],
    { url, name: `the FastAPI example (uvicorn on port ${port})`, cwd: EXAMPLE_DIR, env: options.env },
  )
  return {
    url,
    answerFor: (question) =>
      execFileSync(
        python,
        ['-c', 'import sys, app; sys.stdout.write(app.answer_for(sys.argv[1]))', question],
        {
          cwd: EXAMPLE_DIR,
          encoding: 'utf8',
        },
      ),
    close: () => started.stop(),
  }
}
