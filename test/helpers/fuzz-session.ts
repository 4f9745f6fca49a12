import fc from 'fast-check'
import {
  AGENT_EVENT_TYPES,
  type AgentEvent,
  type ChatSnapshot,
  createChatSession,
  type Frame,
  immediateScheduler,
  type Protocol,
  StreamError,
} from '../../src/core/index.js'
import { protocols } from '../../src/protocols/index.js'
import { sseEvent } from '../../src/testing/index.js'
import { createSseTransport, type SseReader } from '../../src/transports/index.js'
import { FUZZ_BUDGET } from './fuzz-readers.js'
import { cutAt, encoder, mutate, mutations, offsets, STREAM_ERROR_CODES } from './fuzz-wire.js'
import { createCountingTimers } from './manual-timers.js'
import { readFrames } from './sse-fixture.js'

/** One recorded transcript per protocol family (the same ones the decoder tests read). */
export const TRANSCRIPTS = [
  'plain-text/fastapi-markdown.sse',
  'agent-events/weather-tools.sse',
  'websocket-chunk/answer.jsonl',
  'openai-chat/parallel-tool-calls.sse',
  'openai-responses/reasoning-tool-text.sse',
  'anthropic/thinking-tool-use.sse',
  'ai-sdk/stream-text-tools.sse',
  'ai-sdk/custom-data-error.sse',
  'langchain/tool-agent-events.sse',
  'langgraph/messages-tuple-tools.sse',
  'multi-agent/research-team.sse',
  'ag-ui/weather-state-tools.sse',
] as const

export const PROTOCOL_NAMES = Object.keys(protocols) as (keyof typeof protocols)[]

export function protocolNamed(name: string): Protocol {
  return (protocols as Record<string, Protocol>)[name] as Protocol
}

/** A transcript as SSE bytes (ids `f-<n>` when `withIds`), the way a server would write it. */
export function transcriptWire(path: string, withIds: boolean): string {
  return readFrames(path)
    .map((frame, index) =>
      sseEvent(frame.data, { event: frame.event, id: withIds ? `f-${index}` : undefined }),
    )
    .join('')
}

export const KNOWN_EVENT_TYPES = AGENT_EVENT_TYPES

/** What can be thrown at a session by a broken fetch or body: not only Errors. */
export const thrownValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(new TypeError('network error')),
  fc.constant(new DOMException('The operation was aborted.', 'AbortError')),
  fc.constant('a string'),
  fc.constant(undefined),
  fc.constant(null),
  fc.constant({ weird: true }),
  fc.constantFrom(...STREAM_ERROR_CODES).map((code) => new StreamError(code, `fuzz ${code}`)),
)

/** A body over `chunks` that fails with `failure` after `failAfter` chunks, when given. */
function faultyBody(chunks: readonly Uint8Array[], failAfter: number | undefined, failure: unknown) {
  let index = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && index === failAfter) return controller.error(failure)
      const chunk = chunks[index++]
      if (chunk === undefined) return controller.close()
      controller.enqueue(chunk)
    },
  })
}

const responseShape = fc.record({
  status: fc.constantFrom(200, 200, 200, 200, 204, 401, 404, 429, 500, 503),
  contentType: fc.constantFrom(
    'text/event-stream',
    'text/event-stream',
    'text/event-stream; charset=utf-8',
    'text/html',
    'application/json',
  ),
})

/** Asserts what every settled response must satisfy, whatever the wire did. */
export function expectSettledWell(final: ChatSnapshot, errors: readonly unknown[]): void {
  expect(['complete', 'cancelled', 'error']).toContain(final.status)
  if (final.status === 'error') {
    expect(final.error).toBeInstanceOf(StreamError)
    expect(STREAM_ERROR_CODES.has((final.error as StreamError).code)).toBe(true)
  }
  for (const error of errors) {
    expect(error).toBeInstanceOf(StreamError)
    expect(STREAM_ERROR_CODES.has((error as StreamError).code)).toBe(true)
  }
  for (const message of final.messages)
    for (const part of message.parts) if (part.type === 'text') expect(typeof part.text).toBe('string')
}

/** The whole session over one SSE reader: random transcripts, mutated, cut, failed, answered badly. */
export function runSessionFuzz(reader: SseReader, seed: number): void {
  it('always settles to complete, cancelled or error, with StreamErrors and no timer left', async () => {
    const scenario = fc.record({
      transcript: fc.constantFrom(...TRANSCRIPTS),
      protocol: fc.constantFrom(...PROTOCOL_NAMES),
      withIds: fc.boolean(),
      changes: fc.oneof(fc.constant([]), mutations),
      cuts: offsets,
      failAfter: fc.option(fc.nat({ max: 12 }), { nil: undefined }),
      failure: thrownValue,
      first: responseShape,
      stopAfterFrames: fc.option(fc.nat({ max: 20 }), { nil: undefined }),
      retry: fc.boolean(),
      maxEventBytes: fc.constantFrom(64, 512, 1024 * 1024),
    })
    await fc.assert(
      fc.asyncProperty(scenario, async (input) => {
        const bytes = mutate(encoder.encode(transcriptWire(input.transcript, input.withIds)), input.changes)
        const timers = createCountingTimers()
        let attempts = 0
        const fetch: typeof globalThis.fetch = async () => {
          // The first answer is the fuzzed shape; later ones (retries, resumes) are good streams.
          const shape = attempts++ === 0 ? input.first : { status: 200, contentType: 'text/event-stream' }
          const body = faultyBody(cutAt(bytes, input.cuts), input.failAfter, input.failure)
          return new Response(shape.status === 204 ? null : body, {
            status: shape.status,
            headers: { 'content-type': shape.contentType },
          })
        }
        const errors: unknown[] = []
        let frames = 0
        const session = createChatSession({
          transport: createSseTransport({
            fetch,
            reader,
            timers,
            random: () => 0.5,
            maxEventBytes: input.maxEventBytes,
            retry: input.retry ? { baseDelayMs: 2, minDelayMs: 0, maxDelayMs: 4, maxAttempts: 2 } : false,
          }),
          protocol: protocolNamed(input.protocol),
          scheduler: immediateScheduler,
          timers,
          onError: (error) => errors.push(error),
          onEvent() {
            if (++frames === input.stopAfterFrames) session.stop()
          },
        })
        const final = await session.send('fuzz')
        expectSettledWell(final, errors)
        expect(session.getSnapshot().status).toBe(final.status)
        expect(timers.live).toBe(0)
        session.dispose()
      }),
      { seed, numRuns: 250, ...FUZZ_BUDGET },
    )
  })
}

/** Frames through every decoder: decoded events must not depend on where the network cut the bytes. */
export function decodeAll(protocol: Protocol, frames: readonly Frame[]): AgentEvent[] {
  const decoder = protocol.createDecoder({ onDiagnostic: () => {} })
  return [...frames.flatMap((frame) => decoder.decode(frame)), ...decoder.end()]
}
