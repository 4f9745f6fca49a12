import type { ConnectionChange, Frame, StreamError } from '../../src/core/index.js'
import { createSseTransport, type SseTransportOptions } from '../../src/transports/index.js'
import { startWireServer, type WireServer } from './wire-server.js'
import { MIME_CASES, STATUS_CASES, WIRE_CASES } from './wpt-event-stream-cases.js'

interface StreamRead {
  frames: Frame[]
  /** The cursor after the stream, as the transport reported it. */
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
    for await (const frame of transport.stream({
      request: { url, method: 'GET' },
      text: '',
      messages: [],
      signal: controller.signal,
      onConnection(change) {
        if (change.status === 'reconnecting') read.reconnects.push(change)
      },
      onCursor(id) {
        read.cursor = id
      },
      isFinished: () => true,
    }))
      read.frames.push(frame)
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
 * server on 127.0.0.1, through the SSE transport with its default reader. Runs in any environment.
 */
export function runWptEventStreamSuite(): void {
  let server: WireServer
  beforeAll(async () => {
    server = await startWireServer()
  })
  afterAll(async () => {
    await server.close()
  })

  describe('format rules', () => {
    it.each(
      WIRE_CASES.map((wireCase, index) => [`${wireCase.rule} (${wireCase.wpt})`, wireCase, index] as const),
    )('%s', async (_name, wireCase, index) => {
      const url = server.route(`format-${index}`, () => ({ chunks: wireCase.chunks }))
      const read = await readStream(url)
      expect(read.error).toBeUndefined()
      expect(eventsOf(read.frames)).toEqual(wireCase.events)
      if ('cursor' in wireCase) expect(read.cursor).toBe(wireCase.cursor)
    })
  })

  describe('content type (format-mime-*)', () => {
    it.each(MIME_CASES)('$contentType opens a stream: $opens ($wpt)', async ({ wpt, contentType, opens }) => {
      const url = server.route(wpt, () => ({ contentType, chunks: ['data: x\n\n'] }))
      const read = await readStream(url)
      if (opens) {
        expect(read.error).toBeUndefined()
        expect(eventsOf(read.frames)).toEqual([{ data: 'x' }])
      } else {
        expect(read.frames).toEqual([])
        expect(read.error?.code).toBe('content_type')
        expect(server.requests(wpt)).toHaveLength(1)
      }
    })
  })

  describe('status (request-status-error)', () => {
    it.each(STATUS_CASES)(
      'reads no event from a %i answer, even one with an event-stream body',
      async (status) => {
        const name = `status-${status}`
        const url = server.route(name, () => ({ status, chunks: ['id: 1\ndata: x\n\n'] }))
        const read = await readStream(url, { retry: FAST_RETRY })
        expect(read.frames).toEqual([])
        expect(read.cursor).toBeUndefined()
        if (status === 204) {
          // The resumable contract's "nothing to follow": the stream just ends.
          expect(read.error).toBeUndefined()
          expect(server.requests(name)).toHaveLength(1)
        } else {
          expect(read.error?.status).toBe(status)
          // 503 is transient: the kit retries it with backoff (never parsing the body); the rest are final.
          expect(server.requests(name)).toHaveLength(status === 503 ? 3 : 1)
        }
      },
    )
  })

  describe('reconnection time (format-field-retry*)', () => {
    /** The delay of the reconnect after a drop that follows `prelude`. */
    async function delayAfter(name: string, prelude: string): Promise<number | undefined> {
      const url = server.route(name, (attempt) =>
        attempt === 0
          ? { chunks: [`${prelude}id: 1\ndata: a\n\n`], ending: 'drop' }
          : { chunks: ['id: 2\ndata: b\n\n'] },
      )
      const read = await readStream(url, { retry: FAST_RETRY })
      expect(eventsOf(read.frames).slice(-2)).toEqual([{ data: 'a' }, { data: 'b' }])
      return read.reconnects[0]?.delayMs
    }

    it('applies an all-digit retry, leading zeros included, also from a block without data', async () => {
      expect(await delayAfter('retry-valid', 'retry: 0300\n\n')).toBe(300)
      expect(await delayAfter('retry-in-event', 'retry: 400\ndata: x\n\n')).toBe(400)
    })

    it('ignores retry values that are not all ASCII digits (format-field-retry-bogus)', async () => {
      expect(
        await delayAfter('retry-bogus', 'retry: 300\nretry: 900x\nretry: -5\nretry: 1.5\nretry: ٣٠٠\n\n'),
      ).toBe(300)
      expect(await delayAfter('retry-bogus-only', 'retry: 900x\n\n')).toBe(FAST_RETRY.baseDelayMs)
    })

    it('ignores an empty retry (format-field-retry-empty)', async () => {
      expect(await delayAfter('retry-empty', 'retry\nretry:\n\n')).toBe(FAST_RETRY.baseDelayMs)
    })
  })

  describe('Last-Event-ID on reconnect (format-field-id*)', () => {
    /** Drops after `first`, then records what the reconnect sent. */
    async function resumeAfter(name: string, first: string) {
      const url = server.route(name, (attempt) =>
        attempt === 0 ? { chunks: [first], ending: 'drop' } : { chunks: ['data: resumed\n\n'] },
      )
      const read = await readStream(url, { retry: FAST_RETRY })
      return { read, requests: server.requests(name) }
    }

    it('sends the last committed id, kept across events without one', async () => {
      const { read, requests } = await resumeAfter('id-kept', 'id: 41\ndata: a\n\ndata: b\n\n')
      expect(eventsOf(read.frames)).toEqual([{ data: 'a' }, { data: 'b' }, { data: 'resumed' }])
      expect(requests.map((request) => request.lastEventId)).toEqual([undefined, '41'])
    })

    it('never sends the id of an event the drop cut off', async () => {
      const { requests } = await resumeAfter('id-unfinished', 'id: 1\ndata: a\n\nid: 2\ndata: cut')
      expect(requests.map((request) => request.lastEventId)).toEqual([undefined, '1'])
    })

    it("sends an id-only block's id, and skips an id with U+0000", async () => {
      const { requests } = await resumeAfter('id-only', 'id: 1\ndata: a\n\nid: 2\n\nid: 3\0\ndata: b\n\n')
      expect(requests.map((request) => request.lastEventId)).toEqual([undefined, '2'])
    })

    it.each([
      ['an empty id', 'id: 1\ndata: a\n\nid:\ndata: b\n\n'],
      ['an id line without a colon', 'id: 1\ndata: a\n\nid\ndata: b\n\n'],
    ])(
      'sends no Last-Event-ID after %s: the drop ends interrupted with the text kept',
      async (_name, first) => {
        const name = `id-reset-${first.length}`
        const { read, requests } = await resumeAfter(name, first)
        expect(eventsOf(read.frames)).toEqual([{ data: 'a' }, { data: 'b' }])
        expect(read.error?.code).toBe('interrupted')
        expect(requests).toHaveLength(1)
      },
    )

    it('sends a non-ASCII id as its UTF-8 bytes, as EventSource does', async () => {
      const { read, requests } = await resumeAfter('id-utf8', 'id: 你好-é\ndata: a\n\n')
      expect(read.error).toBeUndefined()
      expect(eventsOf(read.frames)).toEqual([{ data: 'a' }, { data: 'resumed' }])
      // Plain arrays: under jsdom, TextEncoder's Uint8Array comes from another realm.
      expect([...(requests[1]?.lastEventIdBytes ?? [])]).toEqual([...new TextEncoder().encode('你好-é')])
      expect(requests[1]?.lastEventId).toBe('你好-é')
    })

    it('keeps streaming with an id no header can carry, and ends interrupted at a drop instead of resuming', async () => {
      const { read, requests } = await resumeAfter('id-control', 'id: a\u0001b\ndata: a\n\ndata: b\n\n')
      expect(eventsOf(read.frames)).toEqual([{ data: 'a' }, { data: 'b' }])
      expect(read.cursor).toBe('a\u0001b')
      expect(read.error?.code).toBe('interrupted')
      expect(requests).toHaveLength(1)
    })
  })
}
