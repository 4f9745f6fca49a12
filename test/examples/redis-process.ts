import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from 'redis'
import { freePort, startProcess, waitUntilReady } from './child-process.js'

const redisServer = '/usr/bin/redis-server'

export type RedisClient = ReturnType<typeof createClient>

export interface RedisProcess {
  url: string
  /** A client for the test's own checks (FLUSHALL, key counts). */
  client: RedisClient
  stop(): Promise<void>
}

/**
 * Starts redis-server on a free port with a temporary directory and no persistence. Throws with
 * a clear message when it cannot: the tests that need it fail rather than skip.
 */
export async function startRedis(): Promise<RedisProcess> {
  if (!existsSync(redisServer))
    throw new Error(`${redisServer} is missing: install redis-server (Debian: apt-get install redis-server)`)
  const dir = mkdtempSync(join(tmpdir(), 'fastapi-resumable-redis-'))
  const port = await freePort()
  const started = startProcess(redisServer, [
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
  const url = `redis://127.0.0.1:${port}`
  const client = createClient({ url })
  await client.connect()
  return {
    url,
    client,
    async stop() {
      client.destroy()
      await started.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
