import { type ChildProcess, spawn } from 'node:child_process'

export interface StartedProcess {
  child: ChildProcess
  /** Everything it printed so far (stdout and stderr, interleaved), for failure messages. */
  output(): string
  /** What it printed to stdout alone so far (e.g. a command's JSON answer). */
  stdout(): string
  /** Stops its process group (`signal`, SIGTERM unless given) and resolves once it exited. */
  stop(signal?: NodeJS.Signals): Promise<void>
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
  let stdout = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    stdout += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
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
    stdout: () => stdout,
    async stop(signal = 'SIGTERM') {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, signal)
        } catch {
          // Already gone.
        }
      }
      await exited
    },
  }
}

/** How much of a failed command's output goes into runProcess's error. */
const OUTPUT_TAIL = 4000

/**
 * Runs `command` to completion with startProcess. Resolves with its output (stdout and stderr,
 * interleaved) and its stdout alone; rejects with the command, how it ended and the tail of its
 * output when it cannot start, exits non-zero or outlives `timeoutMs` (then its group is killed).
 */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv | undefined; timeoutMs?: number },
): Promise<{ output: string; stdout: string }> {
  const timeoutMs = options.timeoutMs ?? 60_000
  const started = startProcess(command, args, options)
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    void started.stop('SIGKILL')
  }, timeoutMs)
  // 'close', not 'exit': the output is complete only once its pipes closed.
  const ended = await new Promise<Error | { code: number | null; signal: NodeJS.Signals | null }>(
    (resolve) => {
      started.child.once('error', resolve)
      started.child.once('close', (code, signal) => resolve({ code, signal }))
    },
  )
  clearTimeout(timer)
  const describe = `\`${[command, ...args].join(' ')}\` in ${options.cwd}`
  if (ended instanceof Error) throw new Error(`${describe} could not start: ${ended.message}`)
  if (ended.code === 0 && !timedOut) return { output: started.output(), stdout: started.stdout() }
  const how = timedOut
    ? `did not finish in ${timeoutMs / 1000} s`
    : `exited with ${ended.code ?? ended.signal}`
  throw new Error(`${describe} ${how}:\n${started.output().slice(-OUTPUT_TAIL)}`)
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
