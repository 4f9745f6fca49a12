import fc from 'fast-check'
import type { Frame, StreamErrorCode } from '../../src/core/index.js'
import { ALL_STREAM_ERROR_CODES } from './error-codes.js'
import { parseSse } from './sse-fixture.js'

const encoder = new TextEncoder()

/**
 * The codes a failure on the wire may carry; a fuzzed failure must use one of these. Not the codes
 * of a resumable server store or of calls on the session (tool decisions, editing a message).
 */
const NOT_FROM_THE_WIRE: ReadonlySet<StreamErrorCode> = new Set<StreamErrorCode>([
  'resume_failed',
  'tool_call',
  'continuation_limit',
  'invalid_input',
])
export const STREAM_ERROR_CODES: ReadonlySet<StreamErrorCode> = new Set(
  ALL_STREAM_ERROR_CODES.filter((code) => !NOT_FROM_THE_WIRE.has(code)),
)

/** Text of a field value: any code points (NUL, BOM, emoji, lone surrogates) but no line end. */
const value = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom('\0', '\uFEFF', ':', ' ', '\uD800', 'é', '😀'),
      fc.string({ unit: 'binary', maxLength: 1 }),
    ),
    maxLength: 24,
  })
  .map((text) => text.replace(/[\r\n]/g, ''))

const lineEnd = fc.constantFrom('\n', '\r', '\r\n')

/** One line of a well-formed event, bare field names (`data`, `id`) and empty values included. */
const line: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: value.map((text) => `data:${text}`), weight: 3 },
  { arbitrary: value.map((text) => `data: ${text}`), weight: 3 },
  { arbitrary: fc.constantFrom('data:', 'data'), weight: 1 },
  { arbitrary: value.map((text) => `: ${text}`), weight: 1 },
  { arbitrary: fc.constantFrom('event: custom', 'event: message', 'event: done', 'event:'), weight: 1 },
  { arbitrary: fc.stringMatching(/^[a-z0-9-]{1,8}$/).map((id) => `id: ${id}`), weight: 1 },
  { arbitrary: fc.constantFrom('id:', 'id'), weight: 1 },
  { arbitrary: fc.constantFrom('retry: 1000', 'foo: bar', 'Data: no', 'da-ta: x'), weight: 1 },
)

/** One well-formed event block (its lines), ended by a blank line. */
const block = fc.array(fc.tuple(line, lineEnd), { minLength: 1, maxLength: 6 })

/** A well-formed event stream: blocks of `field:` lines with random line ends, each ended by a blank line. */
export const wellFormedStream: fc.Arbitrary<string> = fc
  .array(fc.tuple(block, lineEnd), { maxLength: 12 })
  .map((blocks) => {
    let text = ''
    for (const [lines, end] of blocks) {
      for (const [content, ending] of lines) text += content + ending
      // CR then LF would read as one CRLF and swallow the blank line: keep blank lines unambiguous.
      text += text.endsWith('\r') && end !== '\r' ? '\r' : end
    }
    // A leading BOM is stripped by the readers, not by the reference parser: start with a comment.
    return `:fuzz\n${text}`
  })

/** `bytes` cut at the given offsets (taken modulo the length, sorted, deduplicated). */
export function cutAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  if (bytes.length === 0) return []
  const points = [...new Set(offsets.map((offset) => offset % bytes.length))].sort((a, b) => a - b)
  const chunks: Uint8Array[] = []
  let start = 0
  for (const point of points) {
    if (point <= start) continue
    chunks.push(bytes.subarray(start, point))
    start = point
  }
  chunks.push(bytes.subarray(start))
  return chunks
}

export const offsets = fc.array(fc.nat(), { maxLength: 24 })

/** One mutation of a byte stream: invalid UTF-8, NULs, stray line ends, flipped or cut bytes. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.constantFrom(
      [0xff],
      [0xc0, 0x80],
      [0xe2, 0x82],
      [0xf0, 0x9f, 0x98],
      [0xed, 0xa0, 0x80],
      [0x00],
      [0x0d],
      [0x0a],
      [0x0d, 0x0a],
      [0xef, 0xbb, 0xbf],
      [0x3a],
    ),
  }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('garbage' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      'id: \0\n',
      'id: é\n',
      'retry: -1\n',
      'retry: 99999999999999999999\n',
      'data\n',
      'event\n',
      ':::\n',
      'data: [DONE]\n\n',
      'event: error\ndata: boom\n\n',
      'x'.repeat(300),
    ),
  }),
)

export const mutations = fc.array(mutation, { maxLength: 8 })

/** Applies mutations in order to a copy of `bytes`. */
export function mutate(bytes: Uint8Array, list: readonly Mutation[]): Uint8Array {
  let current = Array.from(bytes)
  for (const change of list) {
    const at = current.length === 0 ? 0 : change.at % (current.length + 1)
    if (change.kind === 'insert') current.splice(at, 0, ...change.bytes)
    else if (change.kind === 'flip') {
      if (current.length > 0) current[at % current.length] = change.byte
    } else if (change.kind === 'cut') current = current.slice(0, at)
    else current.splice(at, 0, ...encoder.encode(change.text))
  }
  return Uint8Array.from(current)
}

export type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never

/** The reference frames for bytes: UTF-8 decoded like the readers (replacement characters, BOM kept), then parsed by the spec's rules. */
export function referenceFrames(bytes: Uint8Array): Frame[] {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
  return parseSse(text.startsWith('\uFEFF') ? text.slice(1) : text)
}

/** Frames as the reader hands them over: an empty `event:`/`id:` is no field (type 'message', no own id). */
export function normalizeFrames(frames: readonly Frame[]): Frame[] {
  return frames.map((frame) => ({
    data: frame.data,
    ...(frame.event === undefined || frame.event === '' ? {} : { event: frame.event }),
    ...(frame.id === undefined || frame.id === '' ? {} : { id: frame.id }),
  }))
}

/**
 * Whether the guard must fail the stream with event_too_large: some block (the bytes between
 * blank lines, line ends excluded) is longer than `maxEventBytes`.
 */
export function exceedsEventCap(bytes: Uint8Array, maxEventBytes: number): boolean {
  let eventBytes = 0
  let atLineStart = true
  let afterCR = false
  for (const byte of bytes) {
    if (byte === 0x0a && afterCR) {
      afterCR = false
      continue
    }
    afterCR = byte === 0x0d
    if (byte === 0x0a || byte === 0x0d) {
      if (atLineStart) eventBytes = 0
      atLineStart = true
      continue
    }
    atLineStart = false
    eventBytes++
    if (eventBytes > maxEventBytes) return true
  }
  return false
}

export { encoder }
