// The Next.js route handlers of examples/nextjs-route, called the way Next.js calls them: with a Web
// Request, answering a Web Response. The memory store (no REDIS_URL), tokens without delay.
import { beforeAll, describe, expect, it } from 'vitest'
import { POST } from '../../examples/nextjs-route/route.js'
import { DELETE, GET } from '../../examples/nextjs-route/stream-route.js'
import { readSse, textOf } from '../helpers/sse-client.js'

/** The events of a route handler's answer; only the first `limit` (the rest stays unread). */
async function readEvents(response: Response, limit?: number) {
  const sse = readSse(response)
  const events = await sse.rest(limit)
  if (limit !== undefined) sse.disconnect()
  return events
}

function post(chatId: string, question: string) {
  return POST(
    new Request('http://app.test/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: chatId, messages: [{ id: 'u1', role: 'user', content: question }] }),
    }),
  )
}

const streamUrl = (chatId: string) => `http://app.test/api/chat/${chatId}/stream`

describe('examples/nextjs-route', () => {
  beforeAll(() => {
    process.env.TOKEN_DELAY_MS = '2'
  })

  it('streams the answer as agent events with <epoch>-<seq> ids and ends with finish', async () => {
    const response = await post('next-1', 'hello')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const epoch = response.headers.get('x-stream-id')
    const events = await readEvents(response)
    expect(events.map(({ id }) => id)).toEqual(events.map((_, index) => `${epoch}-${index + 1}`))
    expect(events[0]?.event.type).toBe('message-start')
    expect(events.at(-1)?.event).toEqual({ type: 'finish', reason: 'stop' })
    expect(textOf(events)).toBe('You asked: hello\n\nThis answer is canned: call your model here.')
  })

  it('a GET with Last-Event-ID continues after it: every event exactly once', async () => {
    process.env.TOKEN_DELAY_MS = '20'
    const first = await readEvents(await post('next-2', 'resume me'), 4)
    const rest = await readEvents(
      await GET(new Request(streamUrl('next-2'), { headers: { 'last-event-id': first.at(-1)?.id ?? '' } })),
    )
    process.env.TOKEN_DELAY_MS = '2'
    expect(rest[0]?.id.endsWith('-5')).toBe(true)
    expect(textOf([...first, ...rest])).toBe(
      'You asked: resume me\n\nThis answer is canned: call your model here.',
    )
  })

  it('DELETE stops the answer: the stream ends with finish reason cancelled', async () => {
    process.env.TOKEN_DELAY_MS = '50'
    const response = await post('next-3', 'stop me')
    const reading = readEvents(response)
    const stopped = await DELETE(new Request(streamUrl('next-3'), { method: 'DELETE' }))
    process.env.TOKEN_DELAY_MS = '2'
    expect(stopped.status).toBe(204)
    const events = await reading
    expect(events.at(-1)?.event).toEqual({ type: 'finish', reason: 'cancelled' })
    expect(textOf(events)).not.toBe('You asked: stop me\n\nThis answer is canned: call your model here.')
  })

  it('a GET for a chat with no running answer is 204', async () => {
    const response = await GET(new Request(streamUrl('nobody')))
    expect(response.status).toBe(204)
  })
})
