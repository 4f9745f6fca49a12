import {
  langChainProtocol,
  langGraphProtocol,
  multiAgentProtocol,
  plainTextProtocol,
} from '../../src/protocols/index.js'
import { parseSse, readFixture } from '../helpers/sse-fixture.js'
import { decodeFixture, decodeFrames } from './decode-helpers.js'

describe('plain text SSE (FastAPI StreamingResponse)', () => {
  it('rebuilds a markdown answer whose chunks contain newlines and leading spaces', () => {
    const { transcript, diagnostics } = decodeFixture(plainTextProtocol, 'plain-text/fastapi-markdown.sse')
    expect(transcript.text).toBe(
      'Here is a **quick** example:\n\n```python\nasync def stream():\n    yield "data: hi\\n\\n"\n```\n\nDone.',
    )
    expect(transcript.finishes).toEqual([{ type: 'finish', reason: 'stop' }])
    expect(diagnostics.map((diagnostic) => diagnostic.kind)).toEqual(['unknown-event'])
  })

  it('keeps a chunk that is only newlines', () => {
    const { transcript } = decodeFrames(plainTextProtocol, [{ data: 'a' }, { data: '\n\n' }, { data: 'b' }])
    expect(transcript.text).toBe('a\n\nb')
  })

  it('turns event: error into an error event and leaves settling the stream to the session', () => {
    const { transcript } = decodeFixture(plainTextProtocol, 'plain-text/fastapi-error.sse')
    expect(transcript.text).toBe('Partial answer')
    expect(transcript.errors).toEqual([{ message: 'upstream model timed out' }])
    expect(transcript.finishes).toEqual([])
  })

  it('finishes once, at [DONE], and ignores frames after it', () => {
    const { events } = decodeFrames(plainTextProtocol, [{ data: 'hi' }, { data: '[DONE]' }, { data: 'late' }])
    expect(events).toEqual([
      { type: 'text-delta', text: 'hi' },
      { type: 'finish', reason: 'stop' },
    ])
  })

  it('rebuilds the same text when the server writes CRLF line endings', () => {
    const crlf = readFixture('plain-text/fastapi-markdown.sse').replace(/\n/g, '\r\n')
    const lf = decodeFixture(plainTextProtocol, 'plain-text/fastapi-markdown.sse').transcript.text
    expect(decodeFrames(plainTextProtocol, parseSse(crlf)).transcript.text).toBe(lf)
  })
})

describe('decoders whose wire has no reliable end marker', () => {
  it('never invent a finish in end(), which also runs after a dropped connection', () => {
    for (const protocol of [plainTextProtocol, langChainProtocol, langGraphProtocol, multiAgentProtocol]) {
      const decoder = protocol.createDecoder()
      decoder.decode({ data: 'partial' })
      expect(decoder.end()).toEqual([])
    }
  })
})
