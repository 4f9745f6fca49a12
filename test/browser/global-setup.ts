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

export default async function setup(project: TestProject) {
  child = fork('scripts/mock-server-process.ts', ['0'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
  const info = await new Promise<{ url: string; wsUrl: string }>((resolve, reject) => {
    child?.once('message', (message) => resolve(message as { url: string; wsUrl: string }))
    child?.once('exit', (code) => reject(new Error(`mock server exited with ${code}`)))
  })
  project.provide('mockUrl', info.url)
  project.provide('mockWsUrl', info.wsUrl)
  wireChild = fork('test/browser/wire-server-process.ts', [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  })
  const wire = await new Promise<{ origin: string }>((resolve, reject) => {
    wireChild?.once('message', (message) => resolve(message as { origin: string }))
    wireChild?.once('exit', (code) => reject(new Error(`wire server exited with ${code}`)))
  })
  project.provide('wireUrl', wire.origin)
  return () => {
    child?.kill('SIGTERM')
    wireChild?.kill('SIGTERM')
  }
}
