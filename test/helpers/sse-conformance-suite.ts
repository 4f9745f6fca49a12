import { StreamError } from '../../src/core/index.js'
import type { SseReader } from '../../src/transports/index.js'
import { chunkedBody, data, readWire, splitAt, splitBytes } from './sse-wire.js'

const encoder = new TextEncoder()

/** The WHATWG event-stream rules (docs/reliability.md, scenarios 1-16), against one reader. */
export function runSseConformanceSuite(reader: SseReader): void {
  const stream = 'data: one\n\nevent: custom\ndata: two\ndata: lines\n\nid: 7\ndata: three\n\n'
  const expected = ['one', 'two\nlines', 'three']

  it('gives the same events for LF, CR, CRLF and mixed line endings (scenario 1)', async () => {
    for (const variant of [
      stream,
      stream.replaceAll('\n', '\r'),
      stream.replaceAll('\n', '\r\n'),
      'data: one\r\n\revent: custom\ndata: two\rdata: lines\r\n\nid: 7\r\ndata: three\n\r',
    ]) {
      const result = await readWire(reader, [variant])
      expect(data(result.frames)).toEqual(expected)
      expect(result.frames[1]?.event).toBe('custom')
      expect(result.frames[2]?.id).toBe('7')
    }
  })

  it('gives the same events when the stream is cut at every byte offset (scenario 1)', async () => {
    const variant = stream.replaceAll('\n', '\r\n')
    for (let at = 1; at < variant.length; at++) {
      const result = await readWire(reader, splitAt(variant, at))
      expect(data(result.frames), `cut at ${at}`).toEqual(expected)
    }
  })

  it('treats a CRLF split across chunks as one line end (scenario 2)', async () => {
    const result = await readWire(reader, ['data: a\r', '\n\r', '\ndata: b\r\n\r\n'])
    expect(data(result.frames)).toEqual(['a', 'b'])
  })

  it('dispatches a CR-terminated event at once, without waiting for the next chunk (scenario 3)', async () => {
    const controller = new AbortController()
    const first = new Promise<string>((resolve, reject) => {
      reader(
        {
          status: 200,
          headers: {},
          body: chunkedBody(['data: now\r\r'], true),
        },
        { onFrame: (frame) => resolve(frame.data), onCursor: () => {}, onRetry: () => {} },
        controller.signal,
      ).catch((error: unknown) => {
        if (!controller.signal.aborted) reject(error)
      })
    })
    await expect(first).resolves.toBe('now')
    controller.abort()
  })

  it('dispatches the last event of a stream that ends in CRs, however it is cut (WPT format-newlines)', async () => {
    const wire = 'data:test\r\ndata\ndata:test\r\n\rdata:second\r\r'
    for (let at = 1; at < wire.length; at++) {
      const result = await readWire(reader, splitAt(wire, at))
      expect(data(result.frames), `cut at ${at}`).toEqual(['test\n\ntest', 'second'])
    }
  })

  it('commits the id of a block without data, whatever its line ends and cuts, and sends no frame for it', async () => {
    const wire = 'id: 1\r\revent: e\rid: 2\r\n\r\ndata: a\n\nid\r\rdata: b\r\r'
    for (let at = 1; at < wire.length; at++) {
      const result = await readWire(reader, splitAt(wire, at))
      expect(data(result.frames), `cut at ${at}`).toEqual(['a', 'b'])
      expect(result.frames.map((frame) => frame.id)).toEqual([undefined, undefined])
      expect(result.cursors, `cut at ${at}`).toEqual(['1', '2', undefined])
    }
  })

  it('strips exactly one leading BOM, also when split across chunks (scenario 4)', async () => {
    expect(data((await readWire(reader, ['\uFEFFdata: a\n\n'])).frames)).toEqual(['a'])
    const bom = new Uint8Array([0xef])
    const rest = encoder.encode('\uFEFFdata: b\n\n').subarray(1)
    expect(data((await readWire(reader, [bom, rest])).frames)).toEqual(['b'])
    expect(data((await readWire(reader, ['\uFEFF\uFEFFdata: lost\n\ndata: kept\n\n'])).frames)).toEqual([
      'kept',
    ])
    // U+00EF U+00BB U+00BF are three letters, not a BOM: they make the first field name unknown.
    expect(data((await readWire(reader, ['\u00EF\u00BB\u00BFdata: lost\n\ndata: kept\n\n'])).frames)).toEqual(
      ['kept'],
    )
  })

  it('decodes multi-byte UTF-8 split at every byte, and invalid bytes as U+FFFD (scenario 5)', async () => {
    const text = 'data: héllo 😀 世界\n\n'
    for (const size of [1, 2, 3, 5]) {
      expect(data((await readWire(reader, splitBytes(text, size))).frames)).toEqual(['héllo 😀 世界'])
    }
    const invalid = new Uint8Array([...encoder.encode('data: a'), 0xff, ...encoder.encode('b\n\n')])
    expect(data((await readWire(reader, [invalid])).frames)).toEqual(['a\uFFFDb'])
  })

  it('never turns comments into messages (scenario 6)', async () => {
    const result = await readWire(reader, [':\n\n: ping\n\n: ping\r\n\r\n'])
    expect(result.frames).toEqual([])
  })

  it('reads bare data lines and a leading empty data line as the spec says (scenario 7)', async () => {
    const result = await readWire(reader, ['data\ndata\n\ndata:\ndata: x\n\n'])
    expect(data(result.frames)).toEqual(['\n', '\nx'])
  })

  it('dispatches an event whose only data line is empty, as a frame with empty data', async () => {
    for (const wire of ['data:\n\n', 'data\n\n', 'data: \n\n', 'event: ping\ndata:\r\n\r\n']) {
      const result = await readWire(reader, [wire])
      expect(data(result.frames), JSON.stringify(wire)).toEqual([''])
    }
  })

  it('keeps the line feeds of a plain-text chunk that starts or ends with newlines (FastAPI StreamingResponse)', async () => {
    const wire =
      'data: ##\n\ndata: \ndata: \ndata: Server-sent\n\ndata: a\ndata: \n\ndata: \ndata: \n\ndata: \r\ndata: b\r\n\r\n'
    for (const chunks of [[wire], splitBytes(wire, 3)]) {
      const result = await readWire(reader, chunks)
      expect(data(result.frames)).toEqual(['##', '\n\nServer-sent', 'a\n', '\n', '\nb'])
    }
  })

  it('removes exactly one space after the colon and keeps later colons (scenario 8)', async () => {
    const result = await readWire(reader, ['data:  a\n\ndata:\tb\n\ndata: a:b:c\n\n'])
    expect(data(result.frames)).toEqual([' a', '\tb', 'a:b:c'])
  })

  it('sends no message for event-only, retry-only and blank blocks, but an id-only block moves the cursor (scenario 9)', async () => {
    const result = await readWire(reader, ['event: x\n\nretry: 3000\n\n\n\n\nid: 42\n\n'])
    expect(result.frames).toEqual([])
    expect(result.cursors).toEqual(['42'])
    expect(result.retries).toEqual([3000])
  })

  it('keeps U+0000 in data and U+FEFF inside values', async () => {
    const result = await readWire(reader, ['data: a\u0000b\n\ndata: \uFEFFword\n\ndata:\uFEFF\uFEFF\n\n'])
    expect(data(result.frames)).toEqual(['a\u0000b', '\uFEFFword', '\uFEFF\uFEFF'])
  })

  it('names an empty event type "message" and ignores unknown or mis-cased fields (scenario 10)', async () => {
    const result = await readWire(reader, ['event:\ndata: a\n\nData: no\nda-ta: no\nfoo: bar\ndata: b\n\n'])
    expect(data(result.frames)).toEqual(['a', 'b'])
    expect(result.frames[0]?.event).toBeUndefined()
  })

  it('ignores ids containing U+0000 wherever it sits (scenario 11)', async () => {
    const result = await readWire(reader, [
      'id: 1\ndata: a\n\n',
      'id: \u00002\ndata: b\n\nid: 2\u0000\ndata: c\n\nid: \u0000\ndata: d\n\nid: 3\u00004\ndata: e\n\n',
    ])
    expect(data(result.frames)).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(result.cursors).toEqual(['1'])
  })

  it('keeps the cursor across events without ids, and clears it on an empty id (scenario 12)', async () => {
    const result = await readWire(reader, [
      'id: 5\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: 6\ndata: d\n\nid:\ndata: e\n\n',
    ])
    expect(data(result.frames)).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(result.cursors).toEqual(['5', undefined, '6', undefined])
  })

  it('accepts only all-digit retry values (scenario 13)', async () => {
    const result = await readWire(reader, [
      'retry: 2500\n\nretry: 10abc\n\nretry: -5\n\nretry: 1.5\n\nretry: 1e3\n\nretry:\n\n',
    ])
    expect(result.retries).toEqual([2500])
  })

  it('discards an event cut off by the end of the stream and keeps the earlier cursor (scenario 14)', async () => {
    const result = await readWire(reader, ['id: 6\ndata: six\n\nid: 7\ndata: a\ndata: b\ndata: c'])
    expect(data(result.frames)).toEqual(['six'])
    expect(result.cursors).toEqual(['6'])
  })

  it('reads a 4 MiB single-line event in 1460-byte chunks when the cap allows it (scenario 15)', async () => {
    const line = 'x'.repeat(4 * 1024 * 1024)
    const result = await readWire(reader, splitBytes(`data: ${line}\n\n`, 1460), {
      maxEventBytes: 16 * 1024 * 1024,
    })
    expect(result.error).toBeUndefined()
    expect(result.frames[0]?.data.length).toBe(line.length)
  })

  it('fails an event over maxEventBytes with event_too_large (scenario 15)', async () => {
    const result = await readWire(reader, splitBytes(`data: ${'x'.repeat(1024 * 1024 + 10)}\n\n`, 1460))
    expect(result.frames).toEqual([])
    expect(result.error).toBeInstanceOf(StreamError)
    expect((result.error as StreamError).code).toBe('event_too_large')
  })

  it('delivers 100 000 small events from one burst, all in order (scenario 16)', async () => {
    let wire = ''
    for (let index = 0; index < 100_000; index++) wire += `data: ${index}\n\n`
    let next = 0
    let inOrder = true
    const result = await readWire(reader, splitBytes(wire, 65_536), {
      onFrame(frame) {
        if (frame.data !== String(next)) inOrder = false
        next++
      },
    })
    expect(result.frames.length).toBe(100_000)
    expect(inOrder).toBe(true)
  })
}
