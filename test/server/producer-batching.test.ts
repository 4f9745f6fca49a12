import { createClient } from 'redis'
import type { AgentEvent } from '../../src/core/index.js'
import {
  createMemoryStore,
  createRedisStore,
  type ResumableStore,
  type StoredEvent,
} from '../../src/entries/server.js'
import { DEFAULT_APPEND_BATCH } from '../../src/server/producer.js'
import { startRedisServer } from '../helpers/redis-server.js'
import { setupServer } from '../helpers/setup-server.js'
import { waitFor } from '../helpers/wait-for.js'
import { newChatId, startApp, type TestApp } from './harness.js'

const redis = setupServer(startRedisServer)
let admin: ReturnType<typeof createClient>

beforeAll(async () => {
  admin = createClient({ url: redis.url })
  admin.on('error', () => {})
  await admin.connect()
})
// Registered after setupServer, so it runs before the server closes.
afterAll(() => {
  admin?.destroy()
})

const text = (index: number): AgentEvent => ({ type: 'text-delta', text: `t${index} ` })
const finish: AgentEvent = { type: 'finish', reason: 'stop' }

/** A store that records every append (one entry per write, so per round trip) and can hold one write back. */
function recordAppends(inner: ResumableStore, hold?: { write: number; until: Promise<void> }) {
  const writes: StoredEvent[][] = []
  const store: ResumableStore = {
    ...inner,
    async append(epoch, events) {
      writes.push([...events])
      if (writes.length === hold?.write) await hold.until
      return inner.append(epoch, events)
    },
  }
  return { store, writes }
}

function gate() {
  let open = () => {}
  const until = new Promise<void>((resolve) => {
    open = resolve
  })
  return { until, open }
}

/** A producer that yields `count` events without ever waiting (as fast as the loop pulls), counting pulls. */
function burst(count: number, tail: AgentEvent[] = [finish]) {
  const state = { pulled: 0, signal: undefined as AbortSignal | undefined }
  function* events() {
    for (let index = 0; index < count; index++) {
      state.pulled++
      yield text(index)
    }
    yield* tail
  }
  return {
    state,
    events: (_body: unknown, context: { signal: AbortSignal }) => {
      state.signal = context.signal
      return events()
    },
  }
}

describe('the producer batches appends', () => {
  const apps: TestApp[] = []
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()))
  })
  const redisStore = () => createRedisStore({ url: redis.url }, { blockMs: 100 })

  it('stores a synchronous burst in order with ids 1..N, in far fewer Redis writes than events, none over the batch bound', async () => {
    const count = 1_200
    const { store, writes } = recordAppends(redisStore())
    const app = await startApp(store, { events: burst(count).events })
    apps.push(app)
    const chatId = newChatId()
    const stream = await app.post(chatId)
    const events = await stream.rest()
    const epoch = stream.response.headers.get('x-stream-id')

    const expected = [...Array.from({ length: count }, (_, index) => text(index)), finish]
    expect(events.map((event) => event.event)).toEqual(expected)
    expect(events.map((event) => event.id)).toEqual(expected.map((_, index) => `${epoch}-${index + 1}`))
    // A resume replays the same from Redis: every batch landed, in order.
    const resumed = await app.follow(chatId, `${epoch}-1`)
    expect((await resumed.rest()).map((event) => event.event)).toEqual(expected.slice(1))

    expect(writes.length).toBeLessThan(count / 10)
    expect(writes.flat().map((event) => event.seq)).toEqual(
      Array.from({ length: count }, (_, index) => index + 1),
    )
    for (const write of writes) expect(write.length).toBeLessThanOrEqual(DEFAULT_APPEND_BATCH.maxEvents)
    expect(app.errors).toEqual([])
  })

  it('stores a synchronous burst in order with ids 1..N on the memory store', async () => {
    const count = 700
    const { store, writes } = recordAppends(createMemoryStore())
    const app = await startApp(store, { events: burst(count).events })
    apps.push(app)
    const stream = await app.post(newChatId())
    const epoch = stream.response.headers.get('x-stream-id')
    const events = await stream.rest()

    expect(events.map((event) => event.id)).toEqual(
      Array.from({ length: count + 1 }, (_, index) => `${epoch}-${index + 1}`),
    )
    expect(events.at(-1)?.event).toEqual(finish)
    expect(writes.flat().map((event) => event.data)).toEqual(
      Array.from({ length: count }, (_, index) => JSON.stringify(text(index))),
    )
  })

  it('writes a lone event at once: a follower gets it while the producer waits for its next one', async () => {
    const { store, writes } = recordAppends(redisStore())
    const app = await startApp(store)
    apps.push(app)
    const chatId = newChatId()
    const stream = await app.post(chatId)
    const run = await app.run()
    const follower = await app.follow(chatId)

    run.push(text(0))
    expect((await follower.nextEvent())?.event).toEqual(text(0))
    expect((await stream.nextEvent())?.event).toEqual(text(0))
    expect(writes).toEqual([[{ seq: 1, data: JSON.stringify(text(0)) }]])
    run.push(text(1), finish)
    expect((await follower.rest()).map((event) => event.event)).toEqual([text(1), finish])
  })

  it('stores the events a producer yielded before it threw, then its error event', async () => {
    const failing = {
      *events() {
        for (let index = 0; index < 50; index++) yield text(index)
        throw new Error('model crashed')
      },
    }
    const app = await startApp(redisStore(), { events: () => failing.events() })
    apps.push(app)
    const stream = await app.post(newChatId())
    const events = (await stream.rest()).map((event) => event.event)

    expect(events.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, index) => text(index)))
    expect(events.slice(50)).toEqual([{ type: 'error', message: 'The answer failed on the server.' }])
    expect(app.errors).toEqual([expect.objectContaining({ message: 'model crashed' })])
  })

  it('stores the events before one that cannot be serialized, then an error event', async () => {
    const events = function* () {
      for (let index = 0; index < 20; index++) yield text(index)
      yield { type: 'text-delta', text: 10n } as unknown as AgentEvent
      yield text(99)
    }
    const app = await startApp(redisStore(), { events: () => events() })
    apps.push(app)
    const stream = await app.post(newChatId())
    const received = (await stream.rest()).map((event) => event.event)

    expect(received).toEqual([
      ...Array.from({ length: 20 }, (_, index) => text(index)),
      { type: 'error', message: 'The answer failed on the server.' },
    ])
    expect(app.errors).toEqual([expect.any(TypeError)])
  })

  it('drops the gathered batch on a cancel during a write: followers get what was stored, then finish cancelled', async () => {
    const held = gate()
    const { store, writes } = recordAppends(redisStore(), { write: 1, until: held.until })
    const producer = burst(5_000)
    const app = await startApp(store, { events: producer.events })
    apps.push(app)
    const chatId = newChatId()
    const stream = await app.post(chatId)
    // The first write (event 1) is held; meanwhile the producer gathers a batch up to its bound, then stops pulling.
    await waitFor(() => producer.state.pulled === 1 + DEFAULT_APPEND_BATCH.maxEvents)

    await app.cancel(chatId)
    await waitFor(() => producer.state.signal?.aborted === true)
    held.open()
    const epoch = stream.response.headers.get('x-stream-id')
    expect(await stream.rest()).toEqual([
      { id: `${epoch}-1`, event: text(0) },
      { id: `${epoch}-2`, event: { type: 'finish', reason: 'cancelled' } },
    ])
    expect(writes).toHaveLength(1)
    expect(producer.state.pulled).toBe(1 + DEFAULT_APPEND_BATCH.maxEvents)
    expect(app.errors).toEqual([])
  })

  it('stores nothing of a batch whose stream was flushed meanwhile, stops generation and ends followers without a finish', async () => {
    const held = gate()
    const { store, writes } = recordAppends(redisStore(), { write: 2, until: held.until })
    const producer = burst(5_000)
    const app = await startApp(store, { events: producer.events })
    apps.push(app)
    const chatId = newChatId()
    const stream = await app.post(chatId)
    const epoch = stream.response.headers.get('x-stream-id')
    expect(await stream.nextEvent()).toEqual({ id: `${epoch}-1`, event: text(0) })
    await waitFor(() => writes.length === 2)

    await admin.flushAll()
    held.open()
    await waitFor(() => producer.state.signal?.aborted === true)
    expect(await stream.rest()).toEqual([])
    expect(writes[1]?.length).toBeGreaterThan(1)
    expect(await admin.exists([`ras:{${epoch}}:events`, `ras:{${epoch}}:meta`])).toBe(0)
    expect(app.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('lost') })])
    expect((await app.follow(chatId, `${epoch}-1`)).response.status).toBe(410)
  })
})

describe('Redis followers of a live stream', () => {
  /** Calls of a command so far, Lua scripts' own calls included (Redis counts those too). */
  async function calls(command: string): Promise<number> {
    const stats = String(await admin.sendCommand(['INFO', 'commandstats']))
    return Number(stats.match(new RegExp(`cmdstat_${command}:calls=(\\d+)`))?.[1] ?? 0)
  }

  it('checks the stream state once, not per event: blocking reads carry the events and the end', async () => {
    const app = await startApp(createRedisStore({ url: redis.url }))
    const chatId = newChatId()
    const stream = await app.post(chatId)
    const run = await app.run()
    run.push(text(0))
    await stream.nextEvent()
    // Only the snapshot script reads the meta hash with HMGET.
    const before = await calls('hmget')
    const follower = await app.follow(chatId)
    await follower.nextEvent()

    const count = 30
    for (let index = 1; index <= count; index++) {
      run.push(text(index))
      expect((await follower.nextEvent())?.event).toEqual(text(index))
    }
    run.push(finish)
    expect((await follower.rest()).map((event) => event.event)).toEqual([finish])
    expect((await stream.rest()).map((event) => event.event).at(-1)).toEqual(finish)
    // The GET's first read and the follower's first wait check the state; no event does, nor the end
    // (the last entry says so). Each check was once per event (61 here before blocking reads sufficed).
    expect((await calls('hmget')) - before).toBeLessThanOrEqual(2)
    await app.close()
  })
})
