import fc from 'fast-check'
import { eventsourceParserReader, fetchEventSourceReader } from '../../src/transports/index.js'
import { FUZZ_BUDGET, runReaderFuzz } from '../helpers/fuzz-readers.js'
import { cutAt, encoder, normalizeFrames, offsets, wellFormedStream } from '../helpers/fuzz-wire.js'
import { data, readWire } from '../helpers/sse-wire.js'

describe('fetch-event-source reader under random and mutated byte streams', () => {
  // fes drops bare `data` lines (a documented deviation): malformed input need not match the reference.
  runReaderFuzz(fetchEventSourceReader, { exactOnMalformedInput: false, valueBom: true, seed: 9_157 })

  it('agrees with the eventsource-parser reader on every well-formed stream, cut anywhere', async () => {
    // Without U+FEFF: fes loses one at the start of a value (pinned below).
    const stream = wellFormedStream.map((text) => text.replaceAll('\uFEFF', ''))
    await fc.assert(
      fc.asyncProperty(stream, offsets, offsets, async (text, cutsA, cutsB) => {
        const bytes = encoder.encode(text)
        const viaFes = await readWire(fetchEventSourceReader, cutAt(bytes, cutsA))
        const viaParser = await readWire(eventsourceParserReader, cutAt(bytes, cutsB))
        expect(viaFes.error).toBeUndefined()
        expect(viaParser.error).toBeUndefined()
        expect(normalizeFrames(viaFes.frames)).toEqual(normalizeFrames(viaParser.frames))
        expect(viaFes.cursors.at(-1)).toBe(viaParser.cursors.at(-1))
      }),
      { seed: 9_161, numRuns: 300, ...FUZZ_BUDGET },
    )
  })

  // Found by the fuzz (seed 9157). A known defect, asserted so that a fix (in fes or in the kit) fails
  // loudly here and this case moves to the agreement above: fes decodes each field value with a new
  // TextDecoder, whose BOM sniffing drops one U+FEFF at the start of the value.
  it('loses one U+FEFF at the start of a data value (fes defect)', async () => {
    const wire = 'data: \uFEFFword\n\ndata:\uFEFF\uFEFF\n\ndata: a\uFEFF\n\n'
    expect(data((await readWire(eventsourceParserReader, [wire])).frames)).toEqual([
      '\uFEFFword',
      '\uFEFF\uFEFF',
      'a\uFEFF',
    ])
    expect(data((await readWire(fetchEventSourceReader, [wire])).frames)).toEqual([
      'word',
      '\uFEFF',
      'a\uFEFF',
    ])
  })
})
