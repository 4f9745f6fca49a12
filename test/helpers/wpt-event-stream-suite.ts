import { type ConnectionChange, type Frame, isDataFrame, type StreamError } from '../../src/core/index.js'
import { createSseTransport, type SseTransportOptions } from '../../src/transports/index.js'
import type { WireServerHandle } from './wire-server-handle.js'
import { MIME_CASES, STATUS_CASES, WIRE_CASES } from './wpt-event-stream-cases.js'
import type { RESUME_FIRSTS, RETRY_PRELUDES } from './wpt-event-stream-routes.js'

interface StreamRead {
  frames: Frame[]
  /** The cursor after the stream, from frame ids and cursor frames ('' clears it). */
  cursor: string | undefined
  reconnects: ConnectionChange[]
  error: StreamError | undefined
}

/** A retry policy fast enough for tests; `random: () => 1` makes each delay exactly its ceiling. */
const FAST_RETRY = { baseDelayMs: 50, minDelayMs: 1, maxDelayMs: 5000, maxAttempts: 2 }

/** Reads `url` with the SSE transport as an app gets it (default reader), a clean end completing it. */
async function readStream(url: string, options: SseTransportOptions = {}): Promise<StreamRead> {
  const transport = createSseTransport({ retry: false, random: () => 1, ...options })
  const read: StreamRead = { frames: [], cursor: undefined, reconnects: [], error: undefined }
  const controller = new AbortController()
  try {
    for await (const item of transport.stream({
      request: { url, method: 'GET' },
      text: '',
      messages: [],
      signal: controller.signal,
      onConnection(change) {
        if (change.status === 'reconnecting') read.reconnects.push(change)
      },
    })) {
      if (isDataFrame(item)) {
        read.frames.push(item)
        if (item.id !== undefined) read.cursor = item.id
      } else if (item.kind === 'cursor') read.cursor = item.id === '' ? undefined : item.id
      // A clean end completes these streams (as for a protocol without a terminal event).
      else break
    }
  } catch (error) {
    read.error = error as StreamError
  } finally {
    controller.abort()
  }
  return read
}

const eventsOf = (frames: readonly Frame[]) =>
  frames.map((frame) => ({ data: frame.data, ...(frame.event === undefined ? {} : { event: frame.event }) }))

/**
 * The web-platform-tests eventsource wire rules (format-*, request-status-error), over a real HTTP
 * server on 127.0.0.1 serving WPT_ROUTES, through the SSE transport with its default reader. Runs
 * in any environment: `connect` gives the server (started in-process, or one in another process).
 */
export function runWptEventStreamSuite(connect: () => Promise<WireServerHandle>): void {
  let server: WireServerHandle
  beforeAll(async () => {
    server = await connect()
  })

  describe('format rules', () => {
    it.each(
      WIRE_CASES.map((wireCase, index) => [`${wireCase.rule} (${wireCase.wpt})`, wireCase, index] as const),
    )('%s', async (_name, wireCase, index) => {
      const read = await readStream(server.url(`format-${index}`))
      expect(read.error).toBeUndefined()
      expect(eventsOf(read.frames)).toEqual(wireCase.events)
      if ('cursor' in wireCase) expect(read.cursor).toBe(wireCase.cursor)
    })
  })

  describe('content type (format-mime-*)', () => {
    it.each(MIME_CASES)('$contentType opens a stream: $opens ($wpt)', async ({ wpt, opens }) => {
      const read = await readStream(server.url(wpt))
      if (opens) {
        expect(read.error).toBeUndefined()
        expect(eventsOf(read.frames)).toEqual([{ data: 'x' }])
      } else {
        expect(read.frames).toEqual([])
        expect(read.error?.code).toBe('content_type')
        expect(await server.requests(wpt)).toHaveLength(1)
      }
    })
  })

  describe('status (request-status-error)', () => {
    it.each(STATUS_CASES)(
      'reads no event from a %i answer, even one with an event-stream body',
      async (status) => {
        const name = `status-${status}`
        const read = await readStream(server.url(name), { retry: FAST_RETRY })
        expect(read.frames).toEqual([])
        expect(read.cursor).toBeUndefined()
        if (status === 204) {
          // The resumable contract's "nothing to follow": the stream just ends.
          expect(read.error).toBeUndefined()
          expect(await server.requests(name)).toHaveLength(1)
        } else {
          expect(read.error?.status).toBe(status)
          // 503 is transient: the kit retries it with backoff (never parsing the body); the rest are final.
          expect(await server.requests(name)).toHaveLength(status === 503 ? 3 : 1)
        }
      },
    )
  })

  describe('reconnection time (format-field-retry*)', () => {
    /** The delay of the reconnect after a drop that follows the route's retry lines. */
    async function delayAfter(name: keyof typeof RETRY_PRELUDES): Promise<number | undefined> {
      const read = await readStream(server.url(name), { retry: FAST_RETRY })
      expect(eventsOf(read.frames).slice(-2)).toEqual([{ data: 'a' }, { data: 'b' }])
      return read.reconnects[0]?.delayMs
    }

    it('applies an all-digit retry, leading zeros included, also from a block without data', async () => {
      expect(await delayAfter('retry-valid')).toBe(300)
      expect(await delayAfter('retry-in-event')).toBe(400)
    })

    it('ignores retry values that are not all ASCII digits (format-field-retry-bogus)', async () => {
      expect(await delayAfter('retry-bogus')).toBe(300)
      expect(await delayAfter('retry-bogus-only')).toBe(FAST_RETRY.baseDelayMs)
    })

    it('ignores an empty retry (format-field-retry-empty)', async () => {
      expect(await delayAfter('retry-empty')).toBe(FAST_RETRY.baseDelayMs)
    })
  })

  describe('Last-Event-ID on reconnect (format-field-id*)', () => {
    /** Reads a route that drops after its first answer, and what its reconnect (if any) sent. */
    async function resumeAfter(name: keyof typeof RESUME_FIRSTS) {
      const read = await readStream(server.url(name), { retry: FAST_RETRY })
      return { read, requests: await server.requests(name) }
    }

    it('sends the last committed id, kept across events without one', async () => {
      const { read, requests } = await resumeAfter('id-kept')
      expect(eventsOf(read.frames)).toEqual([{ data: 'a' }, { data: 'b' }, { data: 'resumed' }])
      expect(requests.map((request) => request.lastEventId)).toEqual([undefined, '41'])
    })

    it('never sends the id of an event the drop cut off', async () => {
      const { requests } = await resumeAfter('id-unfinished')
      expect(requests.map((request) => request.lastEventId)).toEqual([undefined, '1'])
    })

    it("sends an id-only block's id, and skips an id with U+0000", async () => {
      const { requests } = await resumeAfter('id-only')
      expect(requests.map((request) => request.lastEventId)).toEqual([undefined, '2'])
    })

    it.each([
      ['an empty id', 'id-reset-empty'],
      ['an id line without a colon', 'id-reset-bare'],
    ] as const)(
      'sends no Last-Event-ID after %s: the drop ends interrupted with the text kept',
      async (_name, route) => {
        const { read, requests } = await resumeAfter(route)
        expect(eventsOf(read.frames)).toEqual([{ data: 'a' }, { data: 'b' }])
        expect(read.error?.code).toBe('interrupted')
        expect(requests).toHaveLength(1)
      },
    )

    it('sends a non-ASCII id as its UTF-8 bytes, as EventSource does', async () => {
      const { read, requests } = await resumeAfter('id-utf8')
      expect(read.error).toBeUndefined()
      expect(eventsOf(read.frames)).toEqual([{ data: 'a' }, { data: 'resumed' }])
      expect(requests[1]?.lastEventIdBytes).toEqual([...new TextEncoder().encode('你好-é')])
      expect(requests[1]?.lastEventId).toBe('你好-é')
    })

    it('keeps streaming with an id no header can carry, and ends interrupted at a drop instead of resuming', async () => {
      const { read, requests } = await resumeAfter('id-control')
      expect(eventsOf(read.frames)).toEqual([{ data: 'a' }, { data: 'b' }])
      expect(read.cursor).toBe('a\u0001b')
      expect(read.error?.code).toBe('interrupted')
      expect(requests).toHaveLength(1)
    })
  })
}
