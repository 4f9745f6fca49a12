import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Frame } from '../../src/core/index.js'

// Tests run from the repository root; import.meta.url is not a file URL under jsdom.
const FIXTURES = join(process.cwd(), 'test/fixtures/')

/** The text of a file under test/fixtures. */
export function readFixture(path: string): string {
  return readFileSync(FIXTURES + path, 'utf8')
}

/**
 * Splits SSE text into frames the way the WHATWG event-stream parser does: lines end with CRLF,
 * LF or CR; `data:` lines join with '\n'; one leading space after the colon is dropped; comment
 * lines (`:`) are skipped; a blank line dispatches; an event with no data line is not dispatched.
 * Kept separate from src/transports on purpose: the fixtures must not depend on the code under test.
 */
export function parseSse(text: string): Frame[] {
  const frames: Frame[] = []
  let data: string[] = []
  let event: string | undefined
  let id: string | undefined
  let hasData = false
  const dispatch = () => {
    if (hasData) {
      const frame: Frame = { data: data.join('\n') }
      if (event !== undefined) frame.event = event
      if (id !== undefined) frame.id = id
      frames.push(frame)
    }
    data = []
    event = undefined
    id = undefined
    hasData = false
  }
  const lines = text.split(/\r\n|\r|\n/)
  // A stream that does not end with a blank line leaves its last event undispatched (as per spec).
  if (lines[lines.length - 1] === '') lines.pop()
  for (const line of lines) {
    if (line === '') {
      dispatch()
      continue
    }
    if (line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'data') {
      data.push(value)
      hasData = true
    } else if (field === 'event') event = value
    else if (field === 'id' && !value.includes('\0')) id = value
  }
  return frames
}

/** One WebSocket message (frame) per non-empty line. */
export function parseJsonLines(text: string): Frame[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ({ data: line }))
}

/** Frames of a fixture file: `.sse` as SSE, `.jsonl` as one message per line. */
export function readFrames(path: string): Frame[] {
  const text = readFixture(path)
  return path.endsWith('.jsonl') ? parseJsonLines(text) : parseSse(text)
}
