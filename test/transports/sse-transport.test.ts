// "(scenario N)" in a test name: fault N of docs/reliability.md.
// Over 300 lines: one test per numbered fault the SSE transport handles, in the catalogue's order;
// the event-stream conformance, resume edges and contract have files of their own.
import {
  type ChatSessionOptions,
  createChatSession,
  immediateScheduler,
  type PageEnvironment,
} from '../../src/core/index.js'
import { agentEventsProtocol, plainTextProtocol } from '../../src/protocols/index.js'
import { getScenario, longScenario, scenarioText } from '../../src/testing/index.js'
import {
  createSseTransport,
  eventsourceParserReader,
  type SseReader,
  type SseTransportOptions,
} from '../../src/transports/index.js'
import { createCountingTimers, createManualTimers } from '../helpers/manual-timers.js'
import { lastText, settle } from '../helpers/session-harness.js'
import { setupMockAgentServer } from '../helpers/setup-server.js'
import { waitFor } from '../helpers/wait-for.js'

const server = setupMockAgentServer({ tokenDelayMs: 0 })

const fastRetry = { baseDelayMs: 5, minDelayMs: 1, maxDelayMs: 20 }
const markdown = scenarioText(getScenario('markdown'))

function chat(query: string, transport: SseTransportOptions = {}, session: Partial<ChatSessionOptions> = {}) {
  return createChatSession({
    api: `${server.url}/api/chat?${query}`,
    transport: createSseTransport({ retry: fastRetry, ...transport }),
    protocol: agentEventsProtocol,
    scheduler: immediateScheduler,
    ...session,
  })
}

function requestsFor(key: string) {
  return server.requests.filter((request) => request.query.key === key)
}

describe('createSseTransport against the mock agent server', () => {
  it('POSTs the messages as JSON with each header sent once, from a Headers instance (scenario 35)', async () => {
    const session = chat(
      'key=post',
      {},
      { headers: new Headers({ Authorization: 'Bearer t', Accept: 'text/event-stream' }) },
    )
    const final = await session.send('Hello')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
    const [request] = requestsFor('post')
    expect(request?.method).toBe('POST')
    expect(request?.headers.authorization).toBe('Bearer t')
    expect(request?.headers.accept).toBe('text/event-stream')
    expect(JSON.parse(request?.body ?? '{}').messages[0]).toMatchObject({ role: 'user', content: 'Hello' })
  })

  it('GETs with the prompt in the query string and joins multi-line data (FastAPI shape)', async () => {
    const session = chat(
      '',
      {},
      {
        protocol: plainTextProtocol,
        prepareRequest: ({ text }) => ({
          url: `${server.url}/api/stream?key=get&query=${encodeURIComponent(text)}`,
          method: 'GET',
        }),
      },
    )
    const final = await session.send('tell me')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
    expect(requestsFor('get')[0]).toMatchObject({ method: 'GET', query: { query: 'tell me' } })
  })

  it('resumes with Last-Event-ID after a clean EOF before the final event (scenario 17)', async () => {
    const final = await chat('key=eof&endAfterEvents=10').send('Hi')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
    const requests = requestsFor('eof')
    expect(requests).toHaveLength(2)
    expect(requests[1]?.headers['last-event-id']).toMatch(/-9$/)
  })

  it('fails a 200 application/json answer at once with its body exposed (scenario 18)', async () => {
    const final = await chat(
      'key=json&contentType=application/json&body=%7B%22error%22%3A%22nope%22%7D',
    ).send('Hi')
    expect(final.status).toBe('error')
    expect(final.error).toMatchObject({ code: 'content_type', body: '{"error":"nope"}' })
    expect(requestsFor('json')).toHaveLength(1)
  })

  it('accepts the event-stream type in any case and with parameters (scenario 19)', async () => {
    const final = await chat('key=ct&contentType=Text/Event-Stream;').send('Hi')
    expect(final.status).toBe('complete')
  })

  it('retries 503 and never parses a 5xx body as events (scenario 20)', async () => {
    const final = await chat('key=503&status=503&statusTimes=2&body=data%3A%20x%0A%0A').send('Hi')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
    expect(requestsFor('503')).toHaveLength(3)
  })

  it('waits at least Retry-After before retrying a 429 (scenario 21)', async () => {
    const timers = createManualTimers()
    const session = chat('key=429&status=429&statusTimes=1&retryAfter=7', { timers })
    const done = session.send('Hi')
    await waitFor(() => session.getSnapshot().reconnect !== undefined)
    const delay = session.getSnapshot().reconnect?.delayMs ?? 0
    expect(delay).toBeGreaterThanOrEqual(7000)
    timers.advance(delay - 1)
    await settle(20)
    expect(requestsFor('429')).toHaveLength(1)
    timers.advance(1)
    const final = await done
    expect(final.status).toBe('complete')
    expect(requestsFor('429')).toHaveLength(2)
  })

  it.each([400, 401, 403, 404, 405, 413, 422])(
    'fails %i at once without retrying (scenario 23)',
    async (status) => {
      const final = await chat(`key=s${status}&status=${status}`).send('Hi')
      expect(final.status).toBe('error')
      expect(final.error?.status).toBe(status)
      expect(final.error?.retryable).toBe(false)
      expect(requestsFor(`s${status}`)).toHaveLength(1)
    },
  )

  it('stops on 204 with nothing to resume (scenario 23)', async () => {
    const final = await chat('key=204&status=204').send('Hi')
    expect(final.status).toBe('complete')
    expect(requestsFor('204')).toHaveLength(1)
  })

  it('times out a request that never gets headers, then retries (scenario 25)', async () => {
    const final = await chat('key=hang&noHeaders=1&statusTimes=1', { connectTimeoutMs: 150 }).send('Hi')
    expect(final.status).toBe('complete')
    expect(final.metrics.reconnects).toBe(1)
    expect(requestsFor('hang')).toHaveLength(2)
  })

  it('fires the idle deadline on a silent stream and resumes from the cursor (scenario 26)', async () => {
    const final = await chat('key=stall&stallAfterEvents=5', { idleTimeoutMs: 200 }).send('Hi')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
    expect(requestsFor('stall')[1]?.headers['last-event-id']).toMatch(/-4$/)
  })

  it('keeps a quiet stream alive for 10 minutes on heartbeats alone (scenario 26)', async () => {
    const timers = createManualTimers()
    let chunks = 0
    // Counts chunks after the guard has stamped them as activity, so the clock can move safely.
    const countingReader: SseReader = (stream, handlers, signal) =>
      eventsourceParserReader(
        {
          ...stream,
          body: stream.body.pipeThrough(
            new TransformStream({
              transform(chunk, controller) {
                chunks++
                controller.enqueue(chunk)
              },
            }),
          ),
        },
        handlers,
        signal,
      )
    const session = chat('key=beat&stallAfterEvents=3&heartbeatMs=5', { timers, reader: countingReader })
    const done = session.send('Hi')
    for (let minute = 0; minute < 20; minute++) {
      const seen = chunks
      await waitFor(() => chunks > seen)
      // 30 s of silence between pings is under the 45 s idle deadline.
      timers.advance(30_000)
    }
    expect(session.getSnapshot()).toMatchObject({ status: 'streaming', connection: 'open' })
    expect(session.getSnapshot().metrics.reconnects).toBe(0)
    expect(requestsFor('beat')).toHaveLength(1)
    session.stop()
    expect((await done).status).toBe('cancelled')
  })

  it('sends no request more when stopped mid-body, and the server sees the close (scenario 28)', async () => {
    const session = chat('key=stop&delayMs=20')
    const done = session.send('Hi')
    while (session.getSnapshot().status !== 'streaming') await settle()
    session.stop()
    const final = await done
    expect(final.status).toBe('cancelled')
    expect(lastText(final).length).toBeGreaterThan(0)
    while (server.openStreams() > 0) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(requestsFor('stop')).toHaveLength(1)
  })

  it('sends nothing when the signal is already aborted (scenario 29)', async () => {
    const transport = createSseTransport()
    const controller = new AbortController()
    controller.abort()
    const frames = []
    for await (const frame of transport.stream({
      request: { url: `${server.url}/api/chat?key=preaborted`, method: 'POST', body: '{}' },
      text: 'Hi',
      messages: [],
      signal: controller.signal,
      onConnection: () => {},
    }))
      frames.push(frame)
    expect(frames).toEqual([])
    expect(requestsFor('preaborted')).toHaveLength(0)
  })

  it('keeps streaming when an onEvent handler throws, with one error and no reconnect (scenario 30)', async () => {
    let count = 0
    const errors: string[] = []
    const final = await chat(
      'key=throws',
      {},
      {
        onEvent() {
          if (++count === 3) throw new Error('bug')
        },
        onError: (error) => errors.push(error.code),
      },
    ).send('Hi')
    expect(lastText(final)).toBe(markdown)
    expect(errors).toEqual(['callback'])
    expect(requestsFor('throws')).toHaveLength(1)
  })

  it('retries the request when the drop comes before the first event', async () => {
    const final = await chat('key=early&dropAtByte=5').send('Hi')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
    const requests = requestsFor('early')
    expect(requests).toHaveLength(2)
    expect(requests[1]?.headers['last-event-id']).toBeUndefined()
  })

  it('ends interrupted with the partial text and never re-POSTs a stream without ids', async () => {
    const final = await chat('key=noids&ids=0&dropAfterEvents=10').send('Hi')
    expect(final.status).toBe('error')
    expect(final.error?.code).toBe('interrupted')
    expect(lastText(final)).toBe(
      scenarioText({ name: '', description: '', events: getScenario('markdown').events.slice(0, 10) }),
    )
    expect(requestsFor('noids')).toHaveLength(1)
  })

  it('resumes after a drop without losing or repeating a token (scenario 39)', async () => {
    const final = await chat('key=drop41&dropAfterEvents=41').send('Hi')
    expect(lastText(final)).toBe(markdown)
    expect(final.metrics.reconnects).toBe(1)
  })

  it('stays byte-identical through five drops at random byte offsets (scenario 46)', async () => {
    const final = await chat('key=five&dropAtBytes=700,333,1200,90,2000,999999').send('Hi')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
    expect(requestsFor('five')).toHaveLength(6)
  })

  it('fails an oversized event with event_too_large and no retry storm (scenario 15)', async () => {
    const final = await chat('key=big', { maxEventBytes: 64 }).send('Hi')
    expect(final.error?.code).toBe('event_too_large')
    expect(requestsFor('big')).toHaveLength(1)
  })

  it('gives up after the attempt budget with the last error (scenario 24)', async () => {
    const final = await chat('key=down&status=502', { retry: { ...fastRetry, maxAttempts: 3 } }).send('Hi')
    expect(final.error?.code).toBe('server')
    expect(requestsFor('down')).toHaveLength(4)
  })

  it('makes no attempt while offline and resumes when back online (scenario 33)', async () => {
    let online = false
    const listeners = new Set<() => void>()
    const environment: PageEnvironment = {
      isOnline: () => online,
      isVisible: () => true,
      subscribe(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    }
    const done = chat('key=offline', { environment }).send('Hi')
    await settle(20)
    expect(requestsFor('offline')).toHaveLength(0)
    online = true
    for (const listener of listeners) listener()
    const final = await done
    expect(final.status).toBe('complete')
    expect(requestsFor('offline')).toHaveLength(1)
  })

  it('posts to the cancel URL when stopped', async () => {
    const session = chat('key=cancel&delayMs=20', {
      cancelRequest: () => ({ url: `${server.url}/api/cancel?stream=abc`, method: 'POST' }),
    })
    void session.send('Hi')
    while (session.getSnapshot().status !== 'streaming') await settle()
    session.stop()
    while (!server.cancelled.includes('abc')) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(server.cancelled).toContain('abc')
  })

  it('survives 200 seeded random drops across resumable streams byte-identically, leaving no socket or timer open (soak)', async () => {
    const timers = createCountingTimers()
    let seed = 42
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed / 2 ** 31
    }
    const scenario = longScenario(400)
    const expected = scenarioText(scenario)
    for (let stream = 0; stream < 20; stream++) {
      const drops = Array.from({ length: 10 }, () => 50 + Math.floor(random() * 2000))
      const final = await chat(
        `key=soak${stream}&scenario=long&tokens=400&dropAtBytes=${[...drops, 10_000_000].join(',')}`,
        {
          retry: { ...fastRetry, maxAttempts: 20 },
          random,
          timers,
        },
        { timers },
      ).send('Hi')
      expect(final.status).toBe('complete')
      expect(lastText(final)).toBe(expected)
      expect(requestsFor(`soak${stream}`)).toHaveLength(11)
    }
    while (server.openStreams() > 0) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(server.openStreams()).toBe(0)
    // Connect, idle and backoff timers were all scheduled through `timers`: none may outlive its stream.
    expect(timers.scheduled).toBeGreaterThan(200)
    expect(timers.live).toBe(0)
  }, 60_000)
})

describe('401 refresh hook (scenario 22)', () => {
  it('calls refreshAuth once and retries with the new header', async () => {
    const refreshAuth = vi.fn(async () => ({ authorization: 'Bearer fresh' }))
    const final = await chat('key=refresh&status=401&statusTimes=1', { refreshAuth }).send('Hi')
    expect(final.status).toBe('complete')
    expect(refreshAuth).toHaveBeenCalledTimes(1)
    const requests = requestsFor('refresh')
    expect(requests).toHaveLength(2)
    expect(requests[1]?.headers.authorization).toBe('Bearer fresh')
  })

  it('fails unauthorized on a second 401 without looping', async () => {
    const refreshAuth = vi.fn(async () => ({ authorization: 'Bearer still-bad' }))
    const final = await chat('key=refresh2&status=401', { refreshAuth }).send('Hi')
    expect(final.error).toMatchObject({ code: 'unauthorized', status: 401 })
    expect(refreshAuth).toHaveBeenCalledTimes(1)
    expect(requestsFor('refresh2')).toHaveLength(2)
  })
})
