// The FastAPI example against docs/resumable-streams.md without REDIS_URL: its in-memory store,
// one uvicorn process started here, checked over real HTTP.

import { startFastApiExample } from '../helpers/fastapi-server.js'
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
} from './chat-client.js'

// Per-token pause of the slow answers: mid-stream steps (after the Nth event) happen while they run.
const slow = 150

// Empty, not unset: a REDIS_URL in the caller's environment must not switch the store.
const server = setupServer(() => startFastApiExample({ env: { REDIS_URL: '' } }), { timeoutMs: 60_000 })

describe('FastAPI example: resumable streams in memory, one process', { timeout: 30_000 }, () => {
  it('keeps generating after the client disconnects and resumes from Last-Event-ID with exactly the missing events', async () => {
    const chatId = newChatId()
    const chat = await postChat(server, chatId, { delayMs: slow })
    await chat.waitForEvents(3)
    chat.abort()
    await chat.ended
    const epoch = chat.streamId as string
    expectConsecutive(chat.events.slice(0, 3), epoch, 1)

    const resumed = await getStream(server, chatId, `${epoch}-3`)
    await resumed.ended
    expect(resumed.streamId).toBe(epoch)
    expectConsecutive(resumed.events, epoch, 4)
    expect(textOf([...chat.events.slice(0, 3), ...resumed.events])).toBe(answer)
    expect(finishReason(resumed.events)).toBe('stop')
  })

  it('lets a second follower join the running stream from its first event', async () => {
    const chatId = newChatId()
    const chat = await postChat(server, chatId, { delayMs: slow })
    await chat.waitForEvents(2)
    const follower = await getStream(server, chatId)
    await Promise.all([chat.ended, follower.ended])
    expect(follower.streamId).toBe(chat.streamId)
    expect(follower.events).toEqual(chat.events)
    expect(chat.events).toHaveLength(fullEventCount)
  })

  it('stops the generation on DELETE: every follower gets finish cancelled', async () => {
    const chatId = newChatId()
    const chat = await postChat(server, chatId, { delayMs: slow })
    await chat.waitForEvents(2)
    const follower = await getStream(server, chatId)
    await follower.waitForEvents(2)
    expect(await stopStream(server, chatId)).toBe(204)
    await Promise.all([chat.ended, follower.ended])
    expect(finishReason(chat.events)).toBe('cancelled')
    expect(follower.events).toEqual(chat.events)
    expect(chat.events.length).toBeLessThan(fullEventCount)
  })

  it('answers 204 when there is nothing to follow and 410 for an unknown epoch', async () => {
    const chatId = newChatId()
    expect((await getStream(server, chatId)).status).toBe(204)
    expect(await stopStream(server, chatId)).toBe(204)
    const chat = await postChat(server, chatId)
    await chat.ended
    expect((await getStream(server, chatId)).status).toBe(204)
    expect((await getStream(server, chatId, chat.events.at(-1)?.id)).status).toBe(204)
    expect((await getStream(server, chatId, 'nosuchepoch-1')).status).toBe(410)
  })

  it("answers 400 with a message for a body that is not the kit's JSON", async () => {
    for (const body of ['not json', '{"id": 7, "messages": []}', '[]']) {
      const response = await fetch(`${server.url}/api/chat`, { method: 'POST', body })
      expect(response.status).toBe(400)
      expect(await response.json()).toEqual({ error: expect.any(String) })
    }
  })
})
