import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'

/** A free TCP port on 127.0.0.1 (the OS picks it; closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      )
    })
  })
}

export interface StartedProcess {
  child: ChildProcess
  /** Everything it printed so far (stdout and stderr), for failure messages. */
  output(): string
  /** Stops its process group (SIGTERM) and resolves once it exited. */
  stop(): Promise<void>
}

/** Spawns `command` in its own process group, so stop() also ends what it starts. */
export function startProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string | undefined; env?: NodeJS.ProcessEnv | undefined } = {},
): StartedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.once('error', (error) => {
      output += `\n${error.message}`
      resolve()
    })
  })
  return {
    child,
    output: () => output,
    async stop() {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM')
        } catch {
          // Already gone.
        }
      }
      await exited
    },
  }
}

/**
 * Polls `ready` until it holds; throws with the process output when the process exits first or
 * `attempts` run out (a start that never succeeds fails the test, it never hangs it).
 */
export async function waitUntilReady(
  started: StartedProcess,
  what: string,
  ready: () => Promise<boolean>,
  attempts = 300,
): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (started.child.exitCode !== null || started.child.signalCode !== null)
      throw new Error(`${what} exited before it was ready:\n${started.output()}`)
    if (await ready()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await started.stop()
  throw new Error(`${what} was not ready after ${attempts} attempts:\n${started.output()}`)
}

export interface ServerProcessOptions {
  /** The server's origin, http://127.0.0.1:<port>; ready once GET <url>/health answers 2xx. */
  url: string
  /** Names the server in failure messages. */
  name: string
  /** Working directory of the process. @default this process's */
  cwd?: string | undefined
  /** Added to this process's environment. @default {} */
  env?: NodeJS.ProcessEnv | undefined
  /** Health polls 100 ms apart before giving up. @default 300 */
  attempts?: number
}

/** Starts a server with startProcess and resolves once its GET /health answers (throws when it never does). */
export async function startServerProcess(
  command: string,
  args: readonly string[],
  options: ServerProcessOptions,
): Promise<StartedProcess> {
  const started = startProcess(command, args, { cwd: options.cwd, env: options.env })
  await waitUntilReady(
    started,
    options.name,
    () =>
      fetch(`${options.url}/health`).then(
        (response) => response.ok,
        () => false,
      ),
    options.attempts,
  )
  return started
}

/**
 * For a server in a forked process (test/browser/global-setup.ts): reports `message` to the parent
 * over IPC, then closes the server and exits when the parent goes away or sends SIGTERM.
 */
export function serveForParent(message: unknown, close: () => Promise<void>): void {
  process.send?.(message)
  const exit = () => void close().then(() => process.exit(0))
  process.on('disconnect', exit)
  process.on('SIGTERM', exit)
}
