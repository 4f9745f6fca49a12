import { defaultTimers, type Timers } from '../core/index.js'
import type { ReadOptions, ReadResult, ResumableStore, StoredEvent, StreamReader } from './store.js'

export interface MemoryStoreOptions {
  /** Events kept per stream; past it the oldest are dropped (a follower that needs them gets 410). @default 10_000 */
  maxEvents?: number
  /** Streams kept; past it the finished stream closest to expiry is expired early. Running ones are never dropped. @default 1_000 */
  maxStreams?: number
  /** How long an expired stream is still remembered, so a late resume gets 204 rather than 410. @default 86_400_000 (a day) */
  tombstoneMs?: number
  /** Events returned by one read. @default 1_000 */
  readBatch?: number
  /** Clock and timers, injectable so tests move time by hand. @default the platform's */
  timers?: Timers
}

export const DEFAULT_MEMORY_STORE_OPTIONS = Object.freeze({
  maxEvents: 10_000,
  maxStreams: 1_000,
  tombstoneMs: 86_400_000,
  readBatch: 1_000,
} as const)

interface MemoryStream {
  chatId: string
  /** Contiguous by seq; the oldest are dropped past maxEvents. */
  events: StoredEvent[]
  lastSeq: number
  state: 'running' | 'finished'
  ttlMs: number
  expiresAt: number
  cancelled: boolean
  cancelListeners: Set<() => void>
  /** Followers waiting for the next event. */
  waiters: Set<() => void>
}

/**
 * The default store: one process, in memory. Bounded (events per stream, number of streams), and a
 * finished stream's events are dropped `ttlMs` after its end.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): ResumableStore {
  const settings = { ...DEFAULT_MEMORY_STORE_OPTIONS, ...options }
  const timers = options.timers ?? defaultTimers()
  const streams = new Map<string, MemoryStream>()
  const chats = new Map<string, string>()
  /** Expired epochs: chat id and when the store forgets them. Insertion order is expiry order. */
  const tombstones = new Map<string, { chatId: string; forgetAt: number }>()
  const expiryTimers = new Set<unknown>()
  /** The earliest time a finished stream expires or a tombstone is forgotten: until then a sweep has nothing to do. */
  let nextDue = Number.POSITIVE_INFINITY

  function expire(epoch: string, stream: MemoryStream) {
    streams.delete(epoch)
    if (chats.get(stream.chatId) === epoch) chats.delete(stream.chatId)
    const forgetAt = timers.now() + settings.tombstoneMs
    tombstones.set(epoch, { chatId: stream.chatId, forgetAt })
    nextDue = Math.min(nextDue, forgetAt)
    // A tombstone is a few bytes, but an endless run of chats must not grow it without bound.
    if (tombstones.size > settings.maxStreams * 10) {
      const oldest = tombstones.keys().next().value
      if (oldest !== undefined) tombstones.delete(oldest)
    }
    wake(stream)
  }

  // Expiry is checked on every access, so the answer is right even if a timer has not fired yet. A
  // follower reads once per event, so a sweep that is not due costs a comparison, not a walk of every stream.
  function sweep() {
    const now = timers.now()
    if (now < nextDue) return
    nextDue = Number.POSITIVE_INFINITY
    for (const [epoch, stream] of streams) {
      if (stream.state !== 'finished') continue
      if (stream.expiresAt <= now) expire(epoch, stream)
      else nextDue = Math.min(nextDue, stream.expiresAt)
    }
    for (const [epoch, tombstone] of tombstones) {
      if (tombstone.forgetAt > now) {
        nextDue = Math.min(nextDue, tombstone.forgetAt)
        break
      }
      tombstones.delete(epoch)
    }
  }

  function scheduleSweep(ms: number) {
    const handle = timers.setTimeout(() => {
      expiryTimers.delete(handle)
      sweep()
    }, ms)
    expiryTimers.add(handle)
  }

  function makeRoom() {
    if (streams.size < settings.maxStreams) return
    let victim: [string, MemoryStream] | undefined
    for (const entry of streams) {
      if (entry[1].state !== 'finished') continue
      if (victim === undefined || entry[1].expiresAt < victim[1].expiresAt) victim = entry
    }
    if (victim) expire(victim[0], victim[1])
  }

  function wake(stream: MemoryStream) {
    const waiters = [...stream.waiters]
    stream.waiters.clear()
    for (const resume of waiters) resume()
  }

  function store(stream: MemoryStream, event: StoredEvent) {
    stream.events.push(event)
    stream.lastSeq = event.seq
    if (stream.events.length > settings.maxEvents) stream.events.shift()
    wake(stream)
  }

  function snapshot(epoch: string, afterSeq: number): ReadResult {
    sweep()
    const stream = streams.get(epoch)
    if (stream === undefined) {
      const tombstone = tombstones.get(epoch)
      return {
        state: tombstone ? 'expired' : 'unknown',
        chatId: tombstone?.chatId,
        events: [],
        lastSeq: 0,
      }
    }
    const first = stream.events[0]?.seq ?? stream.lastSeq + 1
    const from = Math.max(0, afterSeq + 1 - first)
    return {
      state: stream.state,
      chatId: stream.chatId,
      events: stream.events.slice(from, from + settings.readBatch),
      lastSeq: stream.lastSeq,
    }
  }

  function waitForEvent(stream: MemoryStream, options: ReadOptions): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        timers.clearTimeout(handle)
        stream.waiters.delete(done)
        options.signal?.removeEventListener('abort', done)
        resolve()
      }
      const handle = timers.setTimeout(done, options.waitMs)
      stream.waiters.add(done)
      options.signal?.addEventListener('abort', done, { once: true })
    })
  }

  return {
    async open(chatId, epoch, { ttlMs }) {
      sweep()
      makeRoom()
      streams.set(epoch, {
        chatId,
        events: [],
        lastSeq: 0,
        state: 'running',
        ttlMs,
        expiresAt: Number.POSITIVE_INFINITY,
        cancelled: false,
        cancelListeners: new Set(),
        waiters: new Set(),
      })
      chats.set(chatId, epoch)
    },

    async activeStream(chatId) {
      sweep()
      const epoch = chats.get(chatId)
      const stream = epoch === undefined ? undefined : streams.get(epoch)
      return epoch === undefined || stream === undefined ? undefined : { epoch, state: stream.state }
    },

    async append(epoch, events) {
      const stream = streams.get(epoch)
      if (stream === undefined || stream.state === 'finished') return 'lost'
      for (const event of events) store(stream, event)
      return stream.cancelled ? 'cancelled' : 'ok'
    },

    async finish(epoch, event) {
      const stream = streams.get(epoch)
      if (stream === undefined || stream.state === 'finished') return
      stream.state = 'finished'
      stream.expiresAt = timers.now() + stream.ttlMs
      nextDue = Math.min(nextDue, stream.expiresAt)
      stream.cancelListeners.clear()
      store(stream, event)
      scheduleSweep(stream.ttlMs)
    },

    async cancel(epoch) {
      const stream = streams.get(epoch)
      if (stream === undefined || stream.state === 'finished' || stream.cancelled) return
      stream.cancelled = true
      const listeners = [...stream.cancelListeners]
      stream.cancelListeners.clear()
      for (const listener of listeners) listener()
    },

    onCancel(epoch, listener) {
      const stream = streams.get(epoch)
      if (stream === undefined) return () => {}
      if (stream.cancelled) {
        listener()
        return () => {}
      }
      stream.cancelListeners.add(listener)
      return () => stream.cancelListeners.delete(listener)
    },

    reader(epoch): StreamReader {
      return {
        async read(afterSeq, options) {
          const result = snapshot(epoch, afterSeq)
          const stream = streams.get(epoch)
          const idle = result.events.length === 0 && result.state === 'running'
          if (!idle || stream === undefined || options.waitMs <= 0 || options.signal?.aborted) return result
          await waitForEvent(stream, options)
          return snapshot(epoch, afterSeq)
        },
        async close() {},
      }
    },

    async close() {
      for (const handle of expiryTimers) timers.clearTimeout(handle)
      expiryTimers.clear()
      for (const stream of streams.values()) wake(stream)
    },
  }
}
