import { multiAgentProtocol } from '../../src/protocols/index.js'
import { decodeFixture, decodeFrames } from './decode-helpers.js'

describe('multi-agent events', () => {
  it("opens one labelled message per agent turn, with each agent's own text", () => {
    const { transcript } = decodeFixture(multiAgentProtocol, 'multi-agent/research-team.sse')
    expect(transcript.agents).toEqual([
      { agent: 'researcher', text: 'Looking up recent papers.' },
      { agent: 'writer', text: '## Summary\nSpeculative decoding drafts tokens with a small model.' },
      // No agent_start for the critic: its first chunk opens its message.
      { agent: 'critic', text: 'Looks good.' },
    ])
    expect(transcript.finishes).toEqual([{ type: 'finish', reason: 'stop' }])
  })

  it('decodes tool calls with object or string arguments and matches results by id or tool name', () => {
    const { transcript, diagnostics } = decodeFixture(multiAgentProtocol, 'multi-agent/research-team.sse')
    expect(transcript.tools.tc_1).toMatchObject({
      name: 'arxiv_search',
      args: { query: 'speculative decoding', max_results: 3 },
      result: [{ title: 'Fast Inference from Transformers via Speculative Decoding' }],
    })
    expect(transcript.tools['writer-tool-0']).toMatchObject({
      name: 'save_draft',
      args: { title: 'Speculative decoding' },
      error: 'disk quota exceeded',
    })
    expect(transcript.data).toEqual([
      { type: 'data', name: 'handoff', data: { type: 'handoff', from: 'researcher', to: 'writer' } },
    ])
    expect(diagnostics.map((diagnostic) => diagnostic.kind)).toEqual(['unknown-event', 'malformed'])
  })

  it('does not reopen a message for consecutive chunks of the same agent', () => {
    const chunk = (content: string) => ({
      data: JSON.stringify({ type: 'agent_stream', agent: 'solo', content }),
    })
    const { events } = decodeFrames(multiAgentProtocol, [chunk('a'), chunk('b')])
    expect(events.filter((event) => event.type === 'agent-start')).toHaveLength(1)
  })

  it('reports a result for an unknown call as a diagnostic, not an exception', () => {
    const { events, diagnostics } = decodeFrames(multiAgentProtocol, [
      { data: '{"type":"tool_result","id":"nope","result":1}' },
    ])
    expect(events).toEqual([])
    expect(diagnostics.map((diagnostic) => diagnostic.kind)).toEqual(['unexpected'])
  })
})
