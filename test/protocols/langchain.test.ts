import { langChainProtocol } from '../../src/protocols/index.js'
import { parseSse } from '../helpers/sse-fixture.js'
import { decodeFixture, decodeFrames } from './decode-helpers.js'
import { langChainEventsSse } from './langchain-producer.js'

describe('LangChain astream_events v2', () => {
  it("decodes LangChain JS's own streamEvents output: streamed tool arguments, the tool run, the answer", async () => {
    const { transcript, diagnostics } = decodeFrames(langChainProtocol, parseSse(await langChainEventsSse()))
    expect(transcript.toolOrder).toEqual(['call_mul_1'])
    expect(transcript.tools.call_mul_1).toEqual({
      name: 'multiply',
      argsText: '{"a": 17, "b": 25}',
      args: { a: 17, b: 25 },
      ended: true,
      result: '425',
    })
    expect(transcript.text).toBe('17 × 25 = **425**.')
    // astream_events has no end marker: the session completes the response when the stream ends.
    expect(transcript.finishes).toEqual([])
    expect(diagnostics).toEqual([])
  })

  it('decodes a Python (FastAPI) transcript and skips a truncated line and an unknown event', () => {
    const { transcript, diagnostics } = decodeFixture(langChainProtocol, 'langchain/tool-agent-events.sse')
    expect(transcript.tools.call_mul_1).toMatchObject({
      name: 'multiply',
      args: { a: 17, b: 25 },
      result: '425',
    })
    expect(transcript.text).toBe('17 × 25 = **425**.')
    expect(transcript.data).toEqual([{ type: 'data', name: 'progress', data: { step: 'answer-written' } }])
    expect(transcript.finishes).toHaveLength(1)
    expect(diagnostics.map((diagnostic) => diagnostic.kind)).toEqual(['malformed', 'unknown-event'])
  })

  it('reads thinking content blocks as reasoning and reports an error event', () => {
    const { transcript } = decodeFixture(langChainProtocol, 'langchain/thinking-then-error.sse')
    expect(transcript.reasoning).toBe('Compare both options.')
    expect(transcript.reasoningEnds).toBe(1)
    expect(transcript.text).toBe('Option B is cheaper')
    expect(transcript.errors).toEqual([{ message: 'anthropic.InternalServerError: Overloaded' }])
    expect(transcript.finishes).toEqual([])
  })

  it('opens a call for a tool run that no model call announced, and reports its error', () => {
    const event = (kind: string, fields: object) => ({
      data: JSON.stringify({ event: kind, run_id: 'r1', ...fields }),
    })
    const { transcript } = decodeFrames(langChainProtocol, [
      event('on_tool_start', { name: 'search', data: { input: { q: 'x' } } }),
      event('on_tool_error', { name: 'search', data: { error: 'timeout' } }),
    ])
    expect(transcript.tools.r1).toEqual({
      name: 'search',
      argsText: '',
      ended: true,
      args: { q: 'x' },
      error: 'timeout',
    })
  })
})
