import { type ChildProcess, fork } from 'node:child_process'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrl: string
    mockWsUrl: string
  }
}

let child: ChildProcess | undefined

export default async function setup(project: TestProject) {
  child = fork('scripts/mock-server-process.ts', ['0'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
  const info = await new Promise<{ url: string; wsUrl: string }>((resolve, reject) => {
    child?.once('message', (message) => resolve(message as { url: string; wsUrl: string }))
    child?.once('exit', (code) => reject(new Error(`mock server exited with ${code}`)))
  })
  project.provide('mockUrl', info.url)
  project.provide('mockWsUrl', info.wsUrl)
  return () => {
    child?.kill('SIGTERM')
  }
}
