import { websocketChunkProtocol } from '../../src/protocols/index.js'
import { decodeFixture, decodeFrames } from './decode-helpers.js'

describe('WebSocket {type: "chunk"} messages', () => {
  it('concatenates chunks and finishes on done, skipping unknown and malformed messages', () => {
    const { transcript, diagnostics } = decodeFixture(websocketChunkProtocol, 'websocket-chunk/answer.jsonl')
    expect(transcript.text).toBe('Sure, the answer is\n**42**.')
    expect(transcript.finishes).toEqual([{ type: 'finish', reason: 'stop' }])
    expect(diagnostics.map((diagnostic) => diagnostic.kind)).toEqual(['unknown-event', 'malformed'])
  })

  it('reports an error message and does not invent a finish when the socket stops', () => {
    const { transcript } = decodeFixture(websocketChunkProtocol, 'websocket-chunk/error.jsonl')
    expect(transcript.text).toBe('Working on it')
    expect(transcript.errors).toEqual([{ message: "agent crashed: KeyError('query')" }])
    expect(transcript.finishes).toEqual([])
  })

  it('accepts the error text in error or content as well as message', () => {
    const { transcript } = decodeFrames(websocketChunkProtocol, [
      { data: '{"type":"error","error":"boom"}' },
      { data: '{"type":"error","content":"bang","code":"E1"}' },
    ])
    expect(transcript.errors).toEqual([{ message: 'boom' }, { message: 'bang', code: 'E1' }])
  })
})
