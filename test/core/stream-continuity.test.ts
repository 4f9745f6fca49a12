import type { IncomingMessage } from 'node:http'
import {
  type ChatMessage,
  type ChatSessionOptions,
  type ChatSnapshot,
  createChatSession,
  immediateScheduler,
  LostEvents,
  lostEventsOf,
  messageText,
  type StreamError,
} from '../../src/core/index.js'
import { agentEventsProtocol } from '../../src/protocols/index.js'
import { createSseTransport } from '../../src/transports/index.js'
import { setupHttpServer } from '../helpers/setup-server.js'

/** One scripted answer: exact SSE bytes, then an end of body or a dropped connection. */
interface Reply {
  status?: number
  streamId?: string
  events?: string[]
  drop?: boolean
  /** Leave the response open (a stream still generating). */
  hold?: boolean
}

interface Seen {
  method: string
  path: string
  lastEventId: string | undefined
}

const text = (value: string, id?: string) =>
  `${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify({ type: 'text-delta', text: value })}\n\n`
const finish = (id?: string) =>
  `${id === undefined ? '' : `id: ${id}\n`}data: {"type":"finish","reason":"stop"}\n\n`

let script: ((request: Seen, index: number) => Reply) | undefined
let seen: Seen[] = []

const http = setupHttpServer((request: IncomingMessage, response) => {
  const header = request.headers['last-event-id']
  const entry: Seen = {
    method: request.method ?? 'GET',
    path: new URL(request.url ?? '/', 'http://127.0.0.1').pathname,
    lastEventId: typeof header === 'string' ? header : undefined,
  }
  seen.push(entry)
  request.resume()
  const reply = script?.(entry, seen.length - 1) ?? { status: 500 }
  if (reply.status !== undefined && reply.status !== 200) {
    response.writeHead(reply.status)
    return response.end()
  }
  response.writeHead(200, {
    'content-type': 'text/event-stream',
    ...(reply.streamId === undefined ? {} : { 'x-stream-id': reply.streamId }),
  })
  response.write((reply.events ?? []).join(''))
  if (reply.drop) setTimeout(() => response.socket?.destroy(), 20)
  else if (!reply.hold) response.end()
})

beforeEach(() => {
  seen = []
  script = undefined
})

function chat(options: Partial<ChatSessionOptions> = {}) {
  return createChatSession({
    transport: createSseTransport({
      retry: { baseDelayMs: 5, minDelayMs: 5, maxDelayMs: 10 },
    }),
    protocol: agentEventsProtocol,
    scheduler: immediateScheduler,
    api: `${http.url}/api/chat`,
    id: 'c1',
    ...options,
  })
}

const answerOf = (snapshot: ChatSnapshot) => {
  const last = snapshot.messages.at(-1)
  return last?.role === 'assistant' ? messageText(last) : ''
}

/** POST: two events of stream `e1`, then the connection drops. */
const firstTwoThenDrop: Reply = { streamId: 'e1', events: [text('a', 'e1-1'), text('b', 'e1-2')], drop: true }

const stored: ChatMessage[] = [
  { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'hello' }] },
  { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'abcd (stored)' }] },
]

describe('event-id continuity of a followed stream (X-Stream-Id and <epoch>-<seq>)', () => {
  it("ends 'resume_failed' on a gap, keeps the text, and asks no more", async () => {
    script = (_request, index) =>
      index === 0 ? firstTwoThenDrop : { streamId: 'e1', events: [text('d', 'e1-4'), finish('e1-5')] }
    const final = await chat().send('hello')
    expect(final.status).toBe('error')
    expect(final.error?.code).toBe('resume_failed')
    expect(final.error?.cause).toBeInstanceOf(LostEvents)
    expect(lostEventsOf(final.error)?.kind).toBe('gap')
    expect(answerOf(final)).toBe('ab')
    expect(final.resumable).toBe(false)
    expect(seen.map((request) => [request.method, request.path, request.lastEventId])).toEqual([
      ['POST', '/api/chat', undefined],
      ['GET', '/api/chat/c1/stream', 'e1-2'],
    ])
  })

  it("ends 'resume_failed' when the resumed response names another stream (X-Stream-Id)", async () => {
    script = (_request, index) =>
      index === 0 ? firstTwoThenDrop : { streamId: 'e2', events: [text('x', 'e2-1'), finish('e2-2')] }
    const final = await chat().send('hello')
    expect(final.error?.code).toBe('resume_failed')
    expect(lostEventsOf(final.error)?.kind).toBe('epoch')
    expect(answerOf(final)).toBe('ab')
    expect(seen).toHaveLength(2)
  })

  it('drops the events it already has when the server replays the same stream from its start', async () => {
    script = (_request, index) =>
      index === 0
        ? firstTwoThenDrop
        : {
            streamId: 'e1',
            events: [text('a', 'e1-1'), text('b', 'e1-2'), text('c', 'e1-3'), finish('e1-4')],
          }
    const final = await chat().send('hello')
    expect(final.status).toBe('complete')
    expect(answerOf(final)).toBe('abc')
    expect(seen).toHaveLength(2)
  })

  it('reloads the stored conversation on a gap, then follows the stream from its start (204: the snapshot stands)', async () => {
    script = (request, index) => {
      if (index === 0) return firstTwoThenDrop
      if (request.lastEventId !== undefined)
        return { streamId: 'e1', events: [text('d', 'e1-4')], drop: true }
      return { status: 204 }
    }
    const loadMessages = vi.fn(async () => stored)
    const final = await chat({ resume: { loadMessages } }).send('hello')
    expect(loadMessages).toHaveBeenCalledTimes(1)
    expect(final.status).toBe('complete')
    expect(final.error).toBeUndefined()
    expect(final.messages).toEqual(stored)
    expect(seen.map((request) => [request.method, request.lastEventId])).toEqual([
      ['POST', undefined],
      ['GET', 'e1-2'],
      ['GET', undefined],
    ])
  })

  it('after a reload, a stream still running replaces the stored partial answer instead of doubling it', async () => {
    script = (request, index) => {
      if (index === 0) return firstTwoThenDrop
      if (request.lastEventId !== undefined) return { streamId: 'e2', events: [] }
      return { streamId: 'e2', events: [text('new ', 'e2-1'), text('answer', 'e2-2'), finish('e2-3')] }
    }
    const final = await chat({ resume: { loadMessages: () => stored } }).send('hello')
    expect(final.status).toBe('complete')
    expect(final.messages.map((message) => message.role)).toEqual(['user', 'assistant'])
    expect(answerOf(final)).toBe('new answer')
  })

  it("reloads at most once: a second loss ends 'resume_failed', never a loop", async () => {
    script = (request, index) => {
      if (index === 0) return firstTwoThenDrop
      if (request.lastEventId !== undefined) return { streamId: 'e1', events: [text('d', 'e1-4')] }
      // Read from the start, the stream misses its beginning too (trimmed).
      return { streamId: 'e1', events: [text('c', 'e1-3')] }
    }
    const loadMessages = vi.fn(() => stored)
    const final = await chat({ resume: { loadMessages } }).send('hello')
    expect(loadMessages).toHaveBeenCalledTimes(1)
    expect(final.status).toBe('error')
    expect(final.error?.code).toBe('resume_failed')
    expect(final.messages).toEqual(stored)
    expect(seen).toHaveLength(3)
  })

  it("ends 'resume_failed' with the cause when loadMessages throws", async () => {
    script = (_request, index) =>
      index === 0 ? firstTwoThenDrop : { streamId: 'e1', events: [text('d', 'e1-4')] }
    const final = await chat({
      resume: {
        loadMessages: () => {
          throw new Error('database down')
        },
      },
    }).send('hello')
    expect(final.error?.code).toBe('resume_failed')
    expect(((final.error as StreamError).cause as Error).message).toBe('database down')
    expect(answerOf(final)).toBe('ab')
  })

  it('restarts a stream without event ids from its start through the stream endpoint, never re-POSTing', async () => {
    // The AI SDK's shape: no ids; its resume endpoint replays the whole stream.
    script = (_request, index) =>
      index === 0
        ? { events: [text('a'), text('b')], drop: true }
        : { events: [text('a'), text('b'), text('c'), finish()] }
    const final = await chat().send('hello')
    expect(final.status).toBe('complete')
    expect(final.messages.map((message) => message.role)).toEqual(['user', 'assistant'])
    expect(answerOf(final)).toBe('abc')
    expect(seen.map((request) => [request.method, request.path, request.lastEventId])).toEqual([
      ['POST', '/api/chat', undefined],
      ['GET', '/api/chat/c1/stream', undefined],
    ])
  })

  it('sends the resume and cancel requests that prepareResumeRequest and prepareCancelRequest build', async () => {
    script = (_request, index) =>
      index === 0 ? firstTwoThenDrop : { streamId: 'e1', events: [text('c', 'e1-3'), finish('e1-4')] }
    const session = chat({
      prepareResumeRequest: ({ id, lastEventId }) => ({
        url: `${http.url}/resume/${id}?from=${lastEventId}`,
      }),
      prepareCancelRequest: ({ id }) => ({ url: `${http.url}/cancel/${id}`, method: 'POST' }),
    })
    const final = await session.send('hello')
    expect(answerOf(final)).toBe('abc')
    script = () => ({ streamId: 'e3', events: [text('z', 'e3-1')], hold: true })
    void session.send('again')
    while (answerOf(session.getSnapshot()) !== 'z') await new Promise((r) => setTimeout(r, 2))
    session.stop()
    while (!seen.some((request) => request.path === '/cancel/c1')) await new Promise((r) => setTimeout(r, 2))
    expect(seen.map((request) => [request.method, request.path])).toEqual([
      ['POST', '/api/chat'],
      ['GET', '/resume/c1'],
      ['POST', '/api/chat'],
      ['POST', '/cancel/c1'],
    ])
  })
})
