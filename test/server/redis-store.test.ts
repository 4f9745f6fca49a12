import { createClient } from 'redis'
import { createRedisStore } from '../../src/entries/server.js'
import { startRedisServer } from '../helpers/redis-server.js'
import { setupServer } from '../helpers/setup-server.js'
import { waitFor } from '../helpers/wait-for.js'
import { eventually, newChatId, startApp, type TestApp } from './harness.js'
import { describeResumableStreams } from './resumable-streams.suite.js'

const redis = setupServer(startRedisServer)
const clients: ReturnType<typeof createClient>[] = []

async function connect() {
  const client = createClient({ url: redis.url })
  client.on('error', () => {})
  await client.connect()
  clients.push(client)
  return client
}

// Registered after setupServer, so it runs before the server closes.
afterAll(() => {
  for (const client of clients.splice(0)) client.destroy()
})

// Each app opens its own connection from the URL, like one server instance; `blockMs` short so lost streams end quickly.
describeResumableStreams('Redis', () => createRedisStore({ url: redis.url }, { blockMs: 100 }))

describe('createRedisStore across instances', () => {
  const text = (value: string) => ({ type: 'text-delta', text: value }) as const
  const apps: TestApp[] = []
  async function instance(options: Parameters<typeof startApp>[1] = {}) {
    const client = await connect()
    const app = await startApp(createRedisStore({ client }, { blockMs: 100 }), options)
    apps.push(app)
    return { app, client }
  }
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()))
  })

  it('resumes on instance B a stream produced on instance A', async () => {
    const { app: a } = await instance()
    const { app: b } = await instance()
    const chatId = newChatId()
    const stream = await a.post(chatId)
    const run = await a.run()
    run.push(text('a'), text('b'))
    const first = await stream.nextEvent()
    stream.disconnect()
    const epoch = stream.response.headers.get('x-stream-id')

    const resumed = await b.follow(chatId, first?.id)
    const reload = await b.follow(chatId)
    expect(resumed.response.headers.get('x-stream-id')).toBe(epoch)
    expect(await resumed.nextEvent()).toEqual({ id: `${epoch}-2`, event: text('b') })
    run.push(text('c'), { type: 'finish', reason: 'stop' })
    expect((await resumed.rest()).map((event) => event.id)).toEqual([`${epoch}-3`, `${epoch}-4`])
    expect((await reload.rest()).map((event) => event.event)).toEqual([
      text('a'),
      text('b'),
      text('c'),
      { type: 'finish', reason: 'stop' },
    ])
    expect(b.agent.runs).toHaveLength(0)
  })

  it('stops the producer on instance A when instance B gets the DELETE', async () => {
    const { app: a } = await instance()
    const { app: b } = await instance()
    const chatId = newChatId()
    const stream = await a.post(chatId)
    const run = await a.run()
    run.push(text('a'))
    await stream.nextEvent()

    expect((await b.cancel(chatId)).status).toBe(204)
    await waitFor(() => run.signal.aborted)
    expect((await stream.rest()).map((event) => event.event)).toEqual([
      { type: 'finish', reason: 'cancelled' },
    ])
  })

  it('ends followers when the store is flushed mid-stream; a resume then gets 410 and generation stops', async () => {
    const { app: a, client } = await instance()
    const { app: b } = await instance()
    const chatId = newChatId()
    const stream = await a.post(chatId)
    const run = await a.run()
    run.push(text('a'))
    const first = await stream.nextEvent()
    const follower = await b.follow(chatId)
    await follower.nextEvent()

    await client.flushAll()
    // Both end without a finish: to the client that is a drop, and its resume learns the stream is gone.
    expect(await follower.rest()).toEqual([])
    expect(await stream.rest()).toEqual([])
    expect((await b.follow(chatId, first?.id)).response.status).toBe(410)

    run.push(text('b'))
    await waitFor(() => run.signal.aborted)
    expect(a.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('lost') })])
  })

  it('keeps the keys of a running stream alive while its producer runs', async () => {
    const { app, client } = await instance({ ttlMs: 300 })
    const stream = await app.post(newChatId())
    const run = await app.run()
    run.push(text('a'))
    await stream.nextEvent()
    const epoch = stream.response.headers.get('x-stream-id') ?? ''
    const ttl = () => client.pTTL(`ras:{${epoch}}:meta`)
    // Only the producer's keep-alive can raise a TTL that otherwise counts down: catch it low, then higher.
    let low = 0
    await eventually(async () => {
      low = await ttl()
      return low > 0 && low < 250
    })
    await eventually(async () => (await ttl()) > low)
    run.push({ type: 'finish', reason: 'stop' })
    await stream.rest()
  })

  it('ends followers on B once the keys of a stream whose instance died expire; a resume then gets 410', async () => {
    const { app: a } = await instance({ ttlMs: 300 })
    const { app: b } = await instance()
    const chatId = newChatId()
    const stream = await a.post(chatId)
    ;(await a.run()).push(text('a'))
    const first = await stream.nextEvent()
    const follower = await b.follow(chatId, first?.id)

    // Instance A goes away without finishing: nothing keeps its stream's keys alive any more.
    await a.streams.store.close()
    expect(await follower.rest()).toEqual([])
    expect((await b.follow(chatId, first?.id)).response.status).toBe(410)
    expect((await b.follow(chatId)).response.status).toBe(204)
  })

  it('gives every key a TTL, and drops the events ttlMs after the end (a resume then gets 204)', async () => {
    // Long enough that a loaded machine still lists the keys before they expire.
    const { app, client } = await instance({ ttlMs: 2000 })
    const chatId = newChatId()
    const stream = await app.post(chatId)
    const run = await app.run()
    run.push(text('a'), { type: 'finish', reason: 'stop' })
    const events = await stream.rest()
    const epoch = stream.response.headers.get('x-stream-id') ?? ''

    const keys = await client.keys(`ras:*${epoch}*`)
    expect(keys.sort()).toEqual([`ras:{${epoch}}:events`, `ras:{${epoch}}:expired`, `ras:{${epoch}}:meta`])
    for (const key of [...keys, `ras:chat:${chatId}`]) expect(await client.pTTL(key)).toBeGreaterThan(0)

    // The chat key's expiry is set one round trip after the stream's (at the end): wait for all three.
    await eventually(
      async () =>
        (await client.exists([`ras:{${epoch}}:events`, `ras:{${epoch}}:meta`, `ras:chat:${chatId}`])) === 0,
    )
    expect(await client.pTTL(`ras:{${epoch}}:expired`)).toBeGreaterThan(0)
    expect((await app.follow(chatId, events[0]?.id)).response.status).toBe(204)
  })

  it("releases a follower's blocking connection when the client disconnects", async () => {
    const { app, client } = await instance()
    const connections = async () => (await client.clientList()).length
    const chatId = newChatId()
    const stream = await app.post(chatId)
    const run = await app.run()
    run.push(text('a'))
    await stream.nextEvent()
    const before = await connections()

    const follower = await app.follow(chatId)
    await follower.nextEvent()
    await eventually(async () => (await connections()) === before + 1)
    follower.disconnect()
    await eventually(async () => (await connections()) === before)
    run.push({ type: 'finish', reason: 'stop' })
    await stream.rest()
  })

  it('opens and closes its own connections when given a url', async () => {
    const admin = await connect()
    const baseline = (await admin.clientList()).length
    const app = await startApp(createRedisStore({ url: redis.url }, { blockMs: 100 }))
    const stream = await app.post(newChatId())
    ;(await app.run()).push(text('a'), { type: 'finish', reason: 'stop' })
    expect((await stream.rest()).map((event) => event.event)).toEqual([
      text('a'),
      { type: 'finish', reason: 'stop' },
    ])
    await app.close()
    await eventually(async () => (await admin.clientList()).length === baseline)
  })
})
