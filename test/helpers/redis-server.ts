import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startProcess, waitUntilReady } from './child-process.js'
import { freePort } from './local-server.js'

const REDIS_SERVER = '/usr/bin/redis-server'

export interface RedisServer {
  /** redis://127.0.0.1:<port>, for createClient({ url }) or a store. */
  url: string
  port: number
  /** Stops the server and removes its temp dir. */
  close(): Promise<void>
}

/**
 * Starts a throwaway redis-server on a free port with a temp dir and no persistence. Throws (the test
 * fails, never skips) with what went wrong when it cannot: a missing binary or a server that does not
 * come up. A client for the test's own checks is the caller's: createClient({ url }).
 */
export async function startRedisServer(): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `${REDIS_SERVER} is missing: install redis-server (Debian: apt-get install redis-server) to run these tests`,
    )
  }
  const dir = mkdtempSync(join(tmpdir(), 'ras-redis-'))
  const port = await freePort()
  const started = startProcess(REDIS_SERVER, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
  ])
  try {
    await waitUntilReady(started, `redis-server on port ${port}`, async () =>
      started.output().includes('Ready to accept connections'),
    )
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async close() {
      await started.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
