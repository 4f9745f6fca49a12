// The Redis store. Just over 300 lines: every operation of createRedisStore shares the connection,
// the key names and the blocking reader; the Lua scripts (redis-scripts.ts) and reply parsing
// (redis-replies.ts) already live apart.
import { StreamError } from '../core/index.js'
import { cursorId, endsStream, entriesOf, firstIdAfter, type RedisEntry, toEvents } from './redis-replies.js'
import {
  APPEND_SCRIPT,
  CANCEL_SCRIPT,
  FINISH_SCRIPT,
  KEEP_ALIVE_SCRIPT,
  OPEN_SCRIPT,
  SNAPSHOT_SCRIPT,
} from './redis-scripts.js'
import type { ReadOptions, ReadResult, ResumableStore, StreamReader } from './store.js'

/**
 * The part of a node-redis (v5) client the store uses: raw commands (so any RESP2 client setup
 * works), `duplicate()` for the connections that block, and pub/sub for cross-instance cancel.
 */
export interface RedisClientLike {
  sendCommand(args: string[]): Promise<unknown>
  duplicate(): RedisClientLike
  connect(): Promise<unknown>
  subscribe(channel: string, listener: (message: string) => unknown): Promise<unknown>
  on(event: 'error', listener: (error: unknown) => void): unknown
  close(): Promise<unknown>
  destroy(): void
}

export interface RedisStoreOptions {
  /** Prefix of every key and channel the store uses. @default 'ras' */
  prefix?: string
  /** Events kept per stream (`XADD ... MAXLEN ~`, so Redis may keep a few more). @default 10_000 */
  maxEvents?: number
  /** How long an expired stream is still remembered, so a late resume gets 204 rather than 410. @default 86_400_000 (a day) */
  tombstoneMs?: number
  /**
   * Longest single blocking XREAD. After one that brings nothing, the follower checks the stream
   * still exists, so a flushed or lost stream ends its followers within this time. @default 2_000
   */
  blockMs?: number
  /** Events returned by one read. @default 1_000 */
  readBatch?: number
}

export const DEFAULT_REDIS_STORE_OPTIONS = Object.freeze({
  prefix: 'ras',
  maxEvents: 10_000,
  tombstoneMs: 86_400_000,
  blockMs: 2_000,
  readBatch: 1_000,
} as const)

/** Either a connected client the app owns, or a URL for a client the store opens and closes itself. */
export type RedisStoreConnection = { client: RedisClientLike } | { url: string }

/**
 * Streams on Redis Streams, shared by every server instance on the same Redis: one stream per
 * generation (`XADD ... MAXLEN ~`), followers block on `XREAD` on a connection of their own (closed
 * when they leave), keys expire `ttlMs` after the end, and cancel reaches the producer's instance
 * through pub/sub (and a flag the producer's every write checks). A write stores a whole batch of
 * events in one script, so a fast producer costs a round trip per batch, not per event.
 */
export function createRedisStore(
  connection: RedisStoreConnection,
  options: RedisStoreOptions = {},
): ResumableStore {
  const settings = { ...DEFAULT_REDIS_STORE_OPTIONS, ...options }
  const key = {
    events: (epoch: string) => `${settings.prefix}:{${epoch}}:events`,
    meta: (epoch: string) => `${settings.prefix}:{${epoch}}:meta`,
    expired: (epoch: string) => `${settings.prefix}:{${epoch}}:expired`,
    chat: (chatId: string) => `${settings.prefix}:chat:${chatId}`,
  }
  const cancelChannel = `${settings.prefix}:cancel`
  const cancelListeners = new Map<string, Set<() => void>>()
  const keepAlive = new Map<string, ReturnType<typeof setInterval>>()
  const openConnections = new Set<RedisClientLike>()
  let subscriber: Promise<RedisClientLike> | undefined
  let closed = false

  const ownsClient = !('client' in connection)
  const client: Promise<RedisClientLike> =
    'client' in connection ? Promise.resolve(connection.client) : connectTo(connection.url)
  // A failed connect is reported by the first command that needs it, not as an unhandled rejection.
  client.catch(() => {})

  async function connectTo(url: string): Promise<RedisClientLike> {
    const { createClient } = await import('redis')
    const created = createClient({ url }) as unknown as RedisClientLike
    created.on('error', () => {})
    await created.connect()
    return created
  }

  async function command(args: (string | number)[]): Promise<unknown> {
    if (closed) throw new StreamError('closed', 'the Redis store is closed')
    return (await client).sendCommand(args.map(String))
  }

  async function duplicateConnection(): Promise<RedisClientLike> {
    const copy = (await client).duplicate()
    // node-redis throws an 'error' event without a listener; a dropped follower connection is not fatal.
    copy.on('error', () => {})
    openConnections.add(copy)
    try {
      await copy.connect()
    } catch (error) {
      release(copy)
      throw error
    }
    return copy
  }

  function release(copy: RedisClientLike) {
    if (!openConnections.delete(copy)) return
    copy.destroy()
  }

  function ensureSubscriber(): Promise<RedisClientLike> {
    subscriber ??= duplicateConnection().then(async (copy) => {
      await copy.subscribe(cancelChannel, (epoch) => {
        for (const listener of cancelListeners.get(epoch) ?? []) listener()
        cancelListeners.delete(epoch)
      })
      return copy
    })
    subscriber.catch(() => {
      subscriber = undefined
    })
    return subscriber
  }

  function stopKeepAlive(epoch: string) {
    clearInterval(keepAlive.get(epoch))
    keepAlive.delete(epoch)
  }

  async function snapshot(epoch: string, afterSeq: number): Promise<ReadResult> {
    const keys = [key.events(epoch), key.meta(epoch), key.expired(epoch)]
    const args = [firstIdAfter(afterSeq), settings.readBatch]
    const reply = (await command(['EVAL', SNAPSHOT_SCRIPT, keys.length, ...keys, ...args])) as unknown[]
    const [state, chatId, lastSeq, entries] = reply
    if (state === 'expired') return { state, chatId: String(chatId), events: [], lastSeq: 0 }
    if (state !== 'running' && state !== 'finished') {
      return { state: 'unknown', chatId: undefined, events: [], lastSeq: 0 }
    }
    const events = toEvents((entries ?? []) as RedisEntry[])
    return {
      state,
      chatId: String(chatId),
      events,
      lastSeq: state === 'finished' ? Number(lastSeq) : (events.at(-1)?.seq ?? afterSeq),
    }
  }

  function createReader(epoch: string): StreamReader {
    let blocking: RedisClientLike | undefined
    let readerClosed = false
    /**
     * The chat of the stream, once a snapshot showed it running; kept while blocking reads bring
     * events. Such a read proves the stream still exists, so the next read can block at once: a
     * flush or an expiry shows up as a block that brings nothing, and a snapshot follows it, so a
     * lost stream still ends its followers within `blockMs`, without a check per event.
     */
    let liveChat: string | undefined

    async function blockingRead(afterSeq: number, ms: number, signal: AbortSignal | undefined) {
      blocking ??= await duplicateConnection()
      const copy = blocking
      // Destroying the connection is the only way to end a blocked XREAD early.
      const abort = () => {
        if (blocking === copy) blocking = undefined
        release(copy)
      }
      signal?.addEventListener('abort', abort, { once: true })
      try {
        const reply = await copy.sendCommand(
          [
            'XREAD',
            'BLOCK',
            ms,
            'COUNT',
            settings.readBatch,
            'STREAMS',
            key.events(epoch),
            cursorId(afterSeq),
          ].map(String),
        )
        return entriesOf(reply)
      } catch (error) {
        if (signal?.aborted || readerClosed) return []
        throw error
      } finally {
        signal?.removeEventListener('abort', abort)
      }
    }

    /** Events from a blocking read of a stream known to be running; its last entry may end it. */
    function liveResult(chatId: string, entries: RedisEntry[], afterSeq: number): ReadResult {
      const events = toEvents(entries)
      const lastSeq = events.at(-1)?.seq ?? afterSeq
      return { state: endsStream(entries) ? 'finished' : 'running', chatId, events, lastSeq }
    }

    return {
      async read(afterSeq, options: ReadOptions) {
        const deadline = Date.now() + options.waitMs
        while (true) {
          const chatId = liveChat
          liveChat = undefined
          if (chatId !== undefined && options.waitMs > 0 && !options.signal?.aborted && !readerClosed) {
            const remaining = Math.max(1, Math.min(deadline - Date.now(), settings.blockMs))
            const entries = await blockingRead(afterSeq, remaining, options.signal)
            if (entries.length > 0) {
              liveChat = chatId
              return liveResult(chatId, entries, afterSeq)
            }
          }
          const result = await snapshot(epoch, afterSeq)
          const remaining = deadline - Date.now()
          if (result.events.length > 0 || result.state !== 'running') return result
          if (remaining <= 0 || options.signal?.aborted || readerClosed) return result
          const entries = await blockingRead(
            afterSeq,
            Math.max(1, Math.min(remaining, settings.blockMs)),
            options.signal,
          )
          if (entries.length > 0) {
            liveChat = result.chatId
            return liveResult(result.chatId ?? '', entries, afterSeq)
          }
        }
      },
      async close() {
        readerClosed = true
        if (blocking) release(blocking)
        blocking = undefined
      },
    }
  }

  return {
    async open(chatId, epoch, { ttlMs }) {
      await ensureSubscriber()
      await command(['EVAL', OPEN_SCRIPT, 2, key.events(epoch), key.meta(epoch), chatId, ttlMs])
      await command(['SET', key.chat(chatId), epoch, 'PX', ttlMs])
      // The keys live ttlMs past the producer's last sign of life: a crashed instance's stream goes away.
      const timer = setInterval(
        () => {
          void command(['EVAL', KEEP_ALIVE_SCRIPT, 2, key.events(epoch), key.meta(epoch)])
            .then((alive) =>
              Number(alive) === 1 ? command(['PEXPIRE', key.chat(chatId), ttlMs]) : undefined,
            )
            .catch(() => {})
        },
        Math.max(1, Math.floor(ttlMs / 3)),
      )
      timer.unref?.()
      keepAlive.set(epoch, timer)
    },

    async activeStream(chatId) {
      const epoch = await command(['GET', key.chat(chatId)])
      if (typeof epoch !== 'string') return undefined
      const state = await command(['HGET', key.meta(epoch), 'state'])
      return state === 'running' || state === 'finished' ? { epoch, state } : undefined
    },

    async append(epoch, events) {
      const args = events.flatMap((event) => [`${event.seq}-0`, event.data])
      const keys = [key.events(epoch), key.meta(epoch)]
      const outcome = await command([
        'EVAL',
        APPEND_SCRIPT,
        keys.length,
        ...keys,
        settings.maxEvents,
        ...args,
      ])
      return outcome === 'lost' || outcome === 'cancelled' ? outcome : 'ok'
    },

    async finish(epoch, event) {
      stopKeepAlive(epoch)
      cancelListeners.delete(epoch)
      const keys = [key.events(epoch), key.meta(epoch), key.expired(epoch)]
      const args = [`${event.seq}-0`, event.data, event.seq, settings.tombstoneMs]
      const done = await command(['EVAL', FINISH_SCRIPT, keys.length, ...keys, ...args])
      const [chatId, ttlMs] = Array.isArray(done) ? done : []
      if (typeof chatId === 'string') await command(['PEXPIRE', key.chat(chatId), Number(ttlMs)])
    },

    async cancel(epoch) {
      const marked = await command(['EVAL', CANCEL_SCRIPT, 1, key.meta(epoch)])
      if (Number(marked) === 1) await command(['PUBLISH', cancelChannel, epoch])
    },

    onCancel(epoch, listener) {
      const listeners = cancelListeners.get(epoch) ?? new Set()
      listeners.add(listener)
      cancelListeners.set(epoch, listeners)
      return () => listeners.delete(listener)
    },

    reader: createReader,

    async close() {
      closed = true
      for (const timer of keepAlive.values()) clearInterval(timer)
      keepAlive.clear()
      cancelListeners.clear()
      for (const copy of [...openConnections]) release(copy)
      subscriber = undefined
      if (ownsClient) await (await client.catch(() => undefined))?.close()
    },
  }
}
