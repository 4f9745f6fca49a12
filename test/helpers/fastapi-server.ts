import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { missingPythonModules, pythonPath } from '../../scripts/python-deps.mjs'

// Tests run from the repository root; import.meta.url is not a file URL under jsdom.
const EXAMPLE_DIR = join(process.cwd(), 'examples/fastapi')

export interface FastApiServer {
  url: string
  /** The canned answer the example gives to `question`, read from app.py itself. */
  answerFor(question: string): string
  close(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/**
 * Starts examples/fastapi/app.py under uvicorn on a free port of 127.0.0.1, tokens without delay.
 * Throws (the test fails, never skips) when Python or its modules are missing or it does not start.
 */
export async function startFastApiExample(): Promise<FastApiServer> {
  const python = pythonPath()
  const missing = missingPythonModules(python)
  if (missing.length > 0) {
    throw new Error(
      `the FastAPI example needs the Python modules ${missing.join(', ')} for ${python} ` +
        '(Debian: apt-get install python3-fastapi python3-uvicorn python3-websockets)',
    )
  }
  const port = await freePort()
  const child: ChildProcess = spawn(
    python,
    ['-m', 'uvicorn', 'app:app', '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'],
    { cwd: EXAMPLE_DIR, env: { ...process.env, TOKEN_DELAY_MS: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += chunk
  })
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) break
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    )
    if (healthy) {
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
        async close() {
          child.kill('SIGTERM')
          await exited
        },
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGTERM')
  throw new Error(`the FastAPI example did not answer GET /health within 30 s:\n${output}`)
}
