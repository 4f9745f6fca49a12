import fc from 'fast-check'
import { createChatSession, type Frame, immediateScheduler, StreamError } from '../../src/core/index.js'
import { createIterableTransport, eventsourceParserReader } from '../../src/transports/index.js'
import { FUZZ_BUDGET } from '../helpers/fuzz-readers.js'
import {
  decodeAll,
  expectSettledWell,
  KNOWN_EVENT_TYPES,
  PROTOCOL_NAMES,
  protocolNamed,
  runSessionFuzz,
  TRANSCRIPTS,
  thrownValue,
  transcriptWire,
} from '../helpers/fuzz-session.js'
import { cutAt, encoder, mutate, mutations, offsets } from '../helpers/fuzz-wire.js'
import { createCountingTimers } from '../helpers/manual-timers.js'
import { readWire } from '../helpers/sse-wire.js'

describe('every decoder over fuzzed byte streams read by the eventsource-parser reader', () => {
  it.each(PROTOCOL_NAMES)('%s decodes the same events however the bytes are cut', async (name) => {
    const protocol = protocolNamed(name)
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TRANSCRIPTS), offsets, async (transcript, cuts) => {
        const bytes = encoder.encode(transcriptWire(transcript, true))
        const whole = await readWire(eventsourceParserReader, [bytes])
        const cut = await readWire(eventsourceParserReader, cutAt(bytes, cuts))
        expect(decodeAll(protocol, cut.frames)).toEqual(decodeAll(protocol, whole.frames))
      }),
      { seed: 4_201, numRuns: 40, ...FUZZ_BUDGET },
    )
  })

  it.each(PROTOCOL_NAMES)('%s never throws on mutated bytes and emits only known events', async (name) => {
    const protocol = protocolNamed(name)
    const names = fc.constantFrom(
      'message',
      'error',
      'done',
      'end',
      'ping',
      'message_start',
      'content_block_delta',
      'response.output_text.delta',
      'on_chat_model_stream',
      'messages',
      'updates',
      'agent_start',
      '\0',
      '',
    )
    const frame = fc.record({
      data: fc.oneof(fc.string(), fc.json(), fc.constant('[DONE]'), fc.constant('x'.repeat(100_000))),
      event: fc.option(names, { nil: undefined }),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TRANSCRIPTS),
        mutations,
        offsets,
        fc.array(frame, { maxLength: 6 }),
        async (transcript, changes, cuts, extra) => {
          const bytes = mutate(encoder.encode(transcriptWire(transcript, false)), changes)
          const { frames } = await readWire(eventsourceParserReader, cutAt(bytes, cuts))
          const wire: Frame[] = [...frames, ...extra.map((item) => ({ ...item }) as Frame)]
          const decoder = protocol.createDecoder({ onDiagnostic: () => {} })
          const events = [...wire.flatMap((item) => decoder.decode(item)), ...decoder.end()]
          // Frames after the end (a late chunk) are read without throwing too.
          events.push(...wire.slice(0, 3).flatMap((item) => decoder.decode(item)), ...decoder.end())
          for (const event of events) {
            expect(KNOWN_EVENT_TYPES.has(event.type)).toBe(true)
            if (event.type === 'text-delta' || event.type === 'reasoning-delta')
              expect(typeof event.text).toBe('string')
          }
        },
      ),
      { seed: 4_202, numRuns: 60, ...FUZZ_BUDGET },
    )
  })
})

describe('the session over fuzzed SSE (eventsource-parser reader)', () => {
  runSessionFuzz(eventsourceParserReader, 5_003)
})

describe('the session over a fuzzed iterable transport', () => {
  it('turns anything a source throws into a StreamError and settles once', async () => {
    const frame = fc.oneof(
      fc.string(),
      fc.json().map((data) => ({ data })),
      fc.constantFrom(...TRANSCRIPTS).map((path) => ({ data: transcriptWire(path, false).slice(6, 200) })),
      fc.record({ data: fc.string(), id: fc.string({ maxLength: 4 }) }),
    )
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PROTOCOL_NAMES),
        fc.array(frame, { maxLength: 30 }),
        fc.option(fc.nat({ max: 30 }), { nil: undefined }),
        thrownValue,
        async (name, frames, throwAt, thrown) => {
          const timers = createCountingTimers()
          const errors: unknown[] = []
          let settled = 0
          const session = createChatSession({
            transport: createIterableTransport(async function* () {
              for (const [index, item] of frames.entries()) {
                if (index === throwAt) throw thrown
                yield item
              }
              if (throwAt !== undefined && throwAt >= frames.length) throw thrown
            }),
            protocol: protocolNamed(name),
            scheduler: immediateScheduler,
            timers,
            onError: (error) => errors.push(error),
            onFinish: () => settled++,
          })
          const final = await session.send('fuzz')
          expectSettledWell(final, errors)
          expect(settled).toBe(1)
          if (throwAt !== undefined && final.status === 'error' && !(thrown instanceof StreamError))
            expect(final.error?.code).not.toBe('unknown')
          expect(timers.live).toBe(0)
          session.dispose()
        },
      ),
      { seed: 5_004, numRuns: 300, ...FUZZ_BUDGET },
    )
  })
})
