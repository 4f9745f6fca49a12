import { type ChildProcess, fork } from 'node:child_process'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrl: string
    mockWsUrl: string
    /** The WPT event-stream routes (test/helpers/wpt-event-stream-routes.ts). */
    wireUrl: string
  }
}

let child: ChildProcess | undefined
let wireChild: ChildProcess | undefined

/** Forks a server script under tsx; resolves with what it reports over IPC once it listens. */
function forkServer<T>(
  script: string,
  args: string[],
  name: string,
): { child: ChildProcess; info: Promise<T> } {
  const forked = fork(script, args, { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
  const info = new Promise<T>((resolve, reject) => {
    forked.once('message', (message) => resolve(message as T))
    forked.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)))
  })
  return { child: forked, info }
}

export default async function setup(project: TestProject) {
  const mock = forkServer<{ url: string; wsUrl: string }>(
    'scripts/mock-server-process.ts',
    ['0'],
    'mock server',
  )
  child = mock.child
  const info = await mock.info
  project.provide('mockUrl', info.url)
  project.provide('mockWsUrl', info.wsUrl)
  const wireServer = forkServer<{ origin: string }>('test/browser/wire-server-process.ts', [], 'wire server')
  wireChild = wireServer.child
  const wire = await wireServer.info
  project.provide('wireUrl', wire.origin)
  return () => {
    child?.kill('SIGTERM')
    wireChild?.kill('SIGTERM')
  }
}
