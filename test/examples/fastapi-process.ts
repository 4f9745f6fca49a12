import { fileURLToPath } from 'node:url'
import { ensurePythonDeps } from '../../scripts/python-deps.mjs'
import { freePort, startProcess, waitUntilReady } from './child-process.js'

const exampleDir = fileURLToPath(new URL('../../examples/fastapi/', import.meta.url))

export interface FastApiProcess {
  /** http://127.0.0.1:<port> */
  url: string
  stop(): Promise<void>
}

/** Runs examples/fastapi under uvicorn on a free port, as its README says; resolves once /health answers. */
export async function startFastApi(env: NodeJS.ProcessEnv): Promise<FastApiProcess> {
  const python = ensurePythonDeps()
  const port = await freePort()
  const started = startProcess(
    python,
    ['-m', 'uvicorn', 'app:app', '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'],
    { cwd: exampleDir, env },
  )
  const url = `http://127.0.0.1:${port}`
  await waitUntilReady(started, `the FastAPI example (uvicorn on port ${port})`, () =>
    fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    ),
  )
  return { url, stop: () => started.stop() }
}
