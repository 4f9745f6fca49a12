import fc from 'fast-check'
import { type Frame, StreamError } from '../../src/core/index.js'
import type { SseReader } from '../../src/transports/index.js'
import {
  cutAt,
  encoder,
  exceedsEventCap,
  mutate,
  mutations,
  normalizeFrames,
  offsets,
  referenceFrames,
  wellFormedStream,
} from './fuzz-wire.js'
import { readWire } from './sse-wire.js'

/** Seeded and bounded: the same cases on every run, and never more than this many ms per property. */
export const FUZZ_BUDGET = { interruptAfterTimeLimit: 12_000, markInterruptAsFailure: false } as const

export interface ReaderFuzzOptions {
  /** The reader follows the spec on any input, so mutated streams must match the reference too. */
  exactOnMalformedInput: boolean
  seed: number
}

/** Frames without their ids: ids are checked on their own (a frame's id is its own block's `id:`). */
const withoutIds = (frames: readonly Frame[]) =>
  normalizeFrames(frames).map((frame) => ({
    data: frame.data,
    ...(frame.event === undefined ? {} : { event: frame.event }),
  }))

/** Random and mutated byte streams through one SSE reader, behind the guard the transport uses. */
export function runReaderFuzz(reader: SseReader, options: ReaderFuzzOptions): void {
  const { seed } = options
  const reference = (bytes: Uint8Array) => normalizeFrames(referenceFrames(bytes))
  const streams = wellFormedStream

  it('reads any well-formed stream, cut anywhere, exactly like the reference parser', async () => {
    await fc.assert(
      fc.asyncProperty(streams, offsets, async (text, cuts) => {
        const bytes = encoder.encode(text)
        const result = await readWire(reader, cutAt(bytes, cuts))
        expect(result.error).toBeUndefined()
        const expected = reference(bytes)
        expect(withoutIds(result.frames)).toEqual(withoutIds(expected))
        const received = normalizeFrames(result.frames)
        expect(received.map((frame) => frame.id)).toEqual(expected.map((frame) => frame.id))
      }),
      { seed, numRuns: 400, ...FUZZ_BUDGET },
    )
  })

  it('fails a block over maxEventBytes with event_too_large and reads every block under it', async () => {
    const maxEventBytes = 2048
    const near = fc.integer({ min: maxEventBytes - 40, max: maxEventBytes + 40 })
    const hugeLines = fc.array(fc.tuple(near, fc.constantFrom('\n', '\r', '\r\n'), fc.boolean()), {
      minLength: 1,
      maxLength: 4,
    })
    await fc.assert(
      fc.asyncProperty(hugeLines, offsets, async (lines, cuts) => {
        let text = ':fuzz\n'
        for (const [length, end, blank] of lines) {
          // `data: ` is 6 bytes of the line; the rest fills it to `length`.
          text += `data: ${'y'.repeat(Math.max(0, length - 6))}${end}${blank ? end : ''}`
        }
        text += '\n\n'
        const bytes = encoder.encode(text)
        const result = await readWire(reader, cutAt(bytes, cuts), { maxEventBytes })
        const expected = reference(bytes)
        if (exceedsEventCap(bytes, maxEventBytes)) {
          expect(result.error).toBeInstanceOf(StreamError)
          expect((result.error as StreamError).code).toBe('event_too_large')
          expect(withoutIds(expected).slice(0, result.frames.length)).toEqual(withoutIds(result.frames))
        } else {
          expect(result.error).toBeUndefined()
          expect(withoutIds(result.frames)).toEqual(withoutIds(expected))
        }
      }),
      { seed: seed + 1, numRuns: 150, ...FUZZ_BUDGET },
    )
  })

  it('survives mutated streams (invalid UTF-8, NULs, stray line ends, cuts, garbage fields)', async () => {
    await fc.assert(
      fc.asyncProperty(streams, mutations, offsets, async (text, changes, cuts) => {
        const bytes = mutate(encoder.encode(text), changes)
        const maxEventBytes = 1024
        const result = await readWire(reader, cutAt(bytes, cuts), { maxEventBytes })
        if (exceedsEventCap(bytes, maxEventBytes)) {
          expect(result.error).toBeInstanceOf(StreamError)
          expect((result.error as StreamError).code).toBe('event_too_large')
          return
        }
        expect(result.error).toBeUndefined()
        for (const frame of result.frames) expect(typeof frame.data).toBe('string')
        if (options.exactOnMalformedInput)
          expect(withoutIds(result.frames)).toEqual(withoutIds(reference(bytes)))
      }),
      { seed: seed + 2, numRuns: 400, ...FUZZ_BUDGET },
    )
  })

  it('survives random bytes of any kind', async () => {
    const anyBytes = fc.uint8Array({ maxLength: 600 })
    await fc.assert(
      fc.asyncProperty(anyBytes, offsets, async (bytes, cuts) => {
        const result = await readWire(reader, cutAt(bytes, cuts), { maxEventBytes: 256 })
        if (result.error !== undefined) {
          expect(result.error).toBeInstanceOf(StreamError)
          expect((result.error as StreamError).code).toBe('event_too_large')
        } else expect(exceedsEventCap(bytes, 256)).toBe(false)
      }),
      { seed: seed + 3, numRuns: 400, ...FUZZ_BUDGET },
    )
  })
}
