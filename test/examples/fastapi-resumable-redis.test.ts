// The FastAPI example against docs/resumable-streams.md with its Redis store: one redis-server and
// two uvicorn processes of examples/fastapi, all started here, checked over real HTTP.
import { createClient } from 'redis'
import { startFastApiExample } from '../helpers/fastapi-server.js'
import { startRedisServer } from '../helpers/redis-server.js'
import { setupServer } from '../helpers/setup-server.js'
import { textOf } from '../helpers/sse-client.js'
import {
  answer,
  expectConsecutive,
  finishReason,
  fullEventCount,
  getStream,
  newChatId,
  postChat,
  stopStream,
  until,
} from './chat-client.js'

// Per-token pause of the slow answers: they run for seconds, so every mid-stream step below
// (taken after the Nth event, never after a time) happens while the answer is still generating.
const slow = 150

// One fixture per process, started in this order and closed in the reverse one (setupServer's hooks).
const redis = setupServer(startRedisServer, { timeoutMs: 60_000 })
/** The test's own client for its checks (FLUSHALL, key counts). */
const client = setupServer(async () => {
  const connection = createClient({ url: redis.url })
  await connection.connect()
  return connection
})
const example = () => startFastApiExample({ env: { REDIS_URL: redis.url, HEARTBEAT_MS: '100' } })
const a = setupServer(example, { timeoutMs: 60_000 })
const b = setupServer(example, { timeoutMs: 60_000 })

/** How many streams (generations) the store holds for the chat. */
async function generations(chatId: string) {
  const metas = await client.keys('chat-stream:meta:*')
  const chats = await Promise.all(metas.map((key) => client.hGet(key, 'chat')))
  return chats.filter((chat) => chat === chatId).length
}

describe('FastAPI example: resumable streams on Redis, two processes', { timeout: 30_000 }, () => {
  it('numbers the events <epoch>-<seq> from 1 without a gap, sends X-Stream-Id, and ends with finish', async () => {
    const chat = await postChat(a, newChatId())
    await chat.ended
    expect(chat.status).toBe(200)
    expect(chat.streamId).toMatch(/^[A-Za-z0-9_]+$/)
    expectConsecutive(chat.events, chat.streamId as string, 1)
    expect(chat.events).toHaveLength(fullEventCount)
    expect(textOf(chat.events)).toBe(answer)
    expect(finishReason(chat.events)).toBe('stop')
  })

  it('sends heartbeat comments while the model is silent', async () => {
    const chatId = newChatId()
    const chat = await postChat(a, chatId, { delayMs: 1000 })
    await until(async () => chat.comments.length > 0)
    expect(chat.comments[0]?.trim()).toBe('ping')
    expect(await stopStream(a, chatId)).toBe(204)
    await chat.ended
    expect(finishReason(chat.events)).toBe('cancelled')
  })

  it('keeps generating after the client disconnects; the other process serves the whole answer', async () => {
    const chatId = newChatId()
    const chat = await postChat(a, chatId, { delayMs: slow })
    await chat.waitForEvents(3)
    chat.abort()
    expect(await chat.ended).toEqual({ dropped: true })

    const follower = await getStream(b, chatId)
    await follower.ended
    expect(follower.status).toBe(200)
    expect(follower.streamId).toBe(chat.streamId)
    expectConsecutive(follower.events, chat.streamId as string, 1)
    expect(textOf(follower.events)).toBe(answer)
    expect(finishReason(follower.events)).toBe('stop')
  })

  it('resumes from Last-Event-ID on the other process: exactly the missing events, then live', async () => {
    const chatId = newChatId()
    const chat = await postChat(a, chatId, { delayMs: slow })
    await chat.waitForEvents(4)
    chat.abort()
    await chat.ended
    const epoch = chat.streamId as string
    const delivered = chat.events.slice(0, 4)
    // Events 5 to 8 were stored while nobody listened: the resume must replay them.
    await until(async () => (await client.xLen(`chat-stream:events:${epoch}`)) >= 8)

    const resumed = await getStream(b, chatId, `${epoch}-4`)
    const storedAtResume = await client.xLen(`chat-stream:events:${epoch}`)
    await resumed.ended
    expect(resumed.status).toBe(200)
    expect(resumed.streamId).toBe(epoch)
    expectConsecutive(resumed.events, epoch, 5)
    // Still generating when the resume began: the rest came live.
    expect(storedAtResume).toBeLessThan(fullEventCount)
    expect(textOf([...delivered, ...resumed.events])).toBe(answer)
    expect(finishReason(resumed.events)).toBe('stop')
  })

  it('gives two followers on two processes identical events from one generation', async () => {
    const chatId = newChatId()
    const chat = await postChat(a, chatId, { delayMs: slow })
    await chat.waitForEvents(2)
    const [onA, onB] = await Promise.all([getStream(a, chatId), getStream(b, chatId)])
    await Promise.all([chat.ended, onA.ended, onB.ended])
    expect(onA.streamId).toBe(chat.streamId)
    expect(onB.streamId).toBe(chat.streamId)
    expect(onA.events).toEqual(chat.events)
    expect(onB.events).toEqual(chat.events)
    expect(finishReason(chat.events)).toBe('stop')
    expect(await generations(chatId)).toBe(1)
  })

  it('answers 204 when there is nothing to follow: no stream, a finished one, all delivered, events expired', async () => {
    expect((await getStream(b, newChatId())).status).toBe(204)

    const chatId = newChatId()
    const chat = await postChat(a, chatId)
    await chat.ended
    const epoch = chat.streamId as string
    const lastId = chat.events.at(-1)?.id as string
    expect((await getStream(b, chatId)).status).toBe(204)
    expect((await getStream(b, chatId, lastId)).status).toBe(204)
    expect((await postChat(b, chatId, { lastEventId: lastId })).status).toBe(204)

    const rest = await getStream(b, chatId, `${epoch}-2`)
    await rest.ended
    expectConsecutive(rest.events, epoch, 3)
    // What expiry does to a finished stream's events; its record stays, so: 204, not 410.
    await client.del(`chat-stream:events:${epoch}`)
    expect((await getStream(b, chatId, `${epoch}-2`)).status).toBe(204)
  })

  it('answers 410 for an epoch the store does not know, 400 for a malformed Last-Event-ID', async () => {
    const chatId = newChatId()
    expect((await getStream(b, chatId, 'nosuchepoch-3')).status).toBe(410)
    // A POST with Last-Event-ID is the same resume: it never generates.
    expect((await postChat(b, chatId, { lastEventId: 'nosuchepoch-3' })).status).toBe(410)
    expect(await generations(chatId)).toBe(0)
    expect((await getStream(b, chatId, 'not an id')).status).toBe(400)

    // An epoch of another chat is not this chat's stream.
    const other = await postChat(a, newChatId())
    await other.ended
    expect((await getStream(b, chatId, `${other.streamId}-1`)).status).toBe(410)
  })

  it('stops the generation running in one process on a DELETE to the other: followers get finish cancelled', async () => {
    const chatId = newChatId()
    const chat = await postChat(a, chatId, { delayMs: slow })
    await chat.waitForEvents(3)
    const follower = await getStream(b, chatId)
    await follower.waitForEvents(3)

    expect(await stopStream(b, chatId)).toBe(204)
    await Promise.all([chat.ended, follower.ended])
    expect(finishReason(chat.events)).toBe('cancelled')
    expect(follower.events).toEqual(chat.events)
    expect(chat.events.length).toBeLessThan(fullEventCount)
    expect(answer.startsWith(textOf(chat.events))).toBe(true)
    // The producer stopped: the finish is the last event it stored.
    const meta = await client.hGetAll(`chat-stream:meta:${chat.streamId}`)
    expect(meta).toMatchObject({ finished: '1', last: String(chat.events.length) })
    expect((await getStream(a, chatId)).status).toBe(204)
  })

  it('cancels the running stream of a chat when a new POST starts the next one', async () => {
    const chatId = newChatId()
    const first = await postChat(a, chatId, { delayMs: slow })
    await first.waitForEvents(2)
    const second = await postChat(b, chatId)
    await Promise.all([first.ended, second.ended])
    expect(finishReason(first.events)).toBe('cancelled')
    expect(second.streamId).not.toBe(first.streamId)
    expect(textOf(second.events)).toBe(answer)
    expect(finishReason(second.events)).toBe('stop')
  })

  it('ends the followers of a stream the store lost (FLUSHALL) without a finish; their resume gets 410', async () => {
    const chatId = newChatId()
    const chat = await postChat(a, chatId, { delayMs: slow })
    const follower = await getStream(b, chatId)
    await follower.waitForEvents(3)

    await client.flushAll()
    await Promise.all([chat.ended, follower.ended])
    expect(finishReason(chat.events)).toBeUndefined()
    expect(finishReason(follower.events)).toBeUndefined()
    const lastId = follower.events.at(-1)?.id as string
    expect((await getStream(b, chatId, lastId)).status).toBe(410)
    expect((await getStream(a, chatId)).status).toBe(204)
  })
})
