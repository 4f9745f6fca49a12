import fc from 'fast-check'
import { AGENT_EVENT_TYPES, type DecoderDiagnostic, type Frame, type Protocol } from '../../src/core/index.js'
import { protocols } from '../../src/protocols/index.js'
import { readFrames } from '../helpers/sse-fixture.js'

const FIXTURES = [
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
  'ag-ui/approval-interrupt.sse',
]
const corpus: Frame[] = FIXTURES.flatMap((path) => readFrames(path))

/** The protocol's own transcripts (most mutations start from these), or all of them for auto. */
function ownFrames(name: string): Frame[] {
  const own = FIXTURES.filter((path) => path.startsWith(`${name}/`)).flatMap((path) => readFrames(path))
  return own.length > 0 ? own : corpus
}

const EVENT_TYPES = AGENT_EVENT_TYPES

/** Copies `root` with the value at a path (chosen by the numbers, one per level) replaced. */
function replaceAt(root: unknown, path: readonly number[], value: unknown): unknown {
  if (path.length === 0 || typeof root !== 'object' || root === null) return value
  const [choice = 0, ...rest] = path
  if (Array.isArray(root)) {
    if (root.length === 0) return value
    const index = choice % root.length
    return root.map((item, position) => (position === index ? replaceAt(item, rest, value) : item))
  }
  const keys = Object.keys(root)
  if (keys.length === 0) return value
  const key = keys[choice % keys.length] as string
  return { ...root, [key]: replaceAt((root as Record<string, unknown>)[key], rest, value) }
}

/** A frame from a real transcript, mutated: bytes flipped, cut, spliced, renamed, or replaced by any JSON. */
function mutatedFrame(own: readonly Frame[]): fc.Arbitrary<Frame> {
  const base = fc.oneof(
    { arbitrary: fc.constantFrom(...own), weight: 4 },
    { arbitrary: fc.constantFrom(...corpus), weight: 1 },
  )
  return fc.oneof(
    fc
      .record({
        base,
        at: fc.nat(),
        char: fc.string({ minLength: 1, maxLength: 3 }),
      })
      .map(({ base, at, char }) => {
        const index = at % (base.data.length + 1)
        return { ...base, data: base.data.slice(0, index) + char + base.data.slice(index + 1) }
      }),
    fc.record({ base, at: fc.nat() }).map(({ base, at }) => ({
      ...base,
      data: base.data.slice(0, at % (base.data.length + 1)),
    })),
    fc.record({ base, other: fc.constantFrom(...corpus) }).map(({ base, other }) => {
      const frame: Frame = { data: base.data }
      if (other.event !== undefined) frame.event = other.event
      return frame
    }),
    fc.record({ base, value: fc.jsonValue() }).map(({ base, value }) => ({
      ...base,
      data: JSON.stringify(value) ?? 'null',
    })),
    fc
      .record({
        base,
        path: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        value: fc.oneof(fc.jsonValue(), fc.constant(undefined)),
      })
      .map(({ base, path, value }) => {
        // Same shape, one value at any depth replaced or removed (a number where a string was expected...).
        try {
          return { ...base, data: JSON.stringify(replaceAt(JSON.parse(base.data), path, value)) ?? 'null' }
        } catch {
          return base
        }
      }),
    fc.string().map((data) => ({ data })),
    base,
  )
}

describe('every decoder under malformed input', () => {
  it.each(Object.keys(protocols))(
    '%s never throws, never hits its safety net, and emits only known events',
    (name) => {
      const protocol = (protocols as Record<string, Protocol>)[name] as Protocol
      fc.assert(
        fc.property(fc.array(mutatedFrame(ownFrames(name)), { maxLength: 40 }), (frames) => {
          const diagnostics: DecoderDiagnostic[] = []
          const decoder = protocol.createDecoder({
            onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
          })
          const events = [...frames.flatMap((frame) => decoder.decode(frame)), ...decoder.end()]
          for (const event of events) expect(EVENT_TYPES.has(event.type)).toBe(true)
          expect(diagnostics.filter((diagnostic) => diagnostic.message.includes('decoder failed'))).toEqual(
            [],
          )
        }),
        { numRuns: 300, seed: 20240611 },
      )
    },
  )
})
