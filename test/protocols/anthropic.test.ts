import Anthropic from '@anthropic-ai/sdk'
import { anthropicProtocol } from '../../src/protocols/index.js'
import { decodeFixture, decodeFrames, fixtureFetch, toSse, wellFormedFrames } from './decode-helpers.js'

function officialClient(path: string): Anthropic {
  return new Anthropic({
    apiKey: 'sk-ant-test',
    maxRetries: 0,
    fetch: fixtureFetch(toSse(wellFormedFrames(path))),
  })
}

describe('Anthropic Messages streaming', () => {
  it('decodes thinking with its signature, text, and a tool_use whose input streams as JSON deltas', () => {
    const { transcript, diagnostics } = decodeFixture(anthropicProtocol, 'anthropic/thinking-tool-use.sse')
    expect(transcript.messageIds).toEqual(['msg_01XFDUDYJgAACzvnptvVoYEL'])
    expect(transcript.reasoning).toBe(
      'The user wants Berlin weather. I should call get_weather with the city.',
    )
    expect(transcript.signatures).toEqual(['EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds'])
    expect(transcript.text).toBe('I will check the forecast for Berlin.')
    expect(transcript.tools.toolu_01T1x1fJ34qAmk2tNTrN7Up6).toMatchObject({
      name: 'get_weather',
      args: { location: 'Berlin, DE', unit: 'celsius', days: [1, 2] },
      ended: true,
    })
    expect(transcript.finishes).toEqual([
      {
        type: 'finish',
        reason: 'tool-calls',
        usage: { inputTokens: 472, outputTokens: 89, totalTokens: 561 },
      },
    ])
    expect(diagnostics.map((diagnostic) => diagnostic.kind)).toEqual(['unknown-event'])
  })

  it('rebuilds the same blocks as the official @anthropic-ai/sdk MessageStream', async () => {
    const path = 'anthropic/thinking-tool-use.sse'
    const wire = wellFormedFrames(path).filter((frame) => frame.event !== 'content_block_future')
    const client = new Anthropic({ apiKey: 'sk-ant-test', maxRetries: 0, fetch: fixtureFetch(toSse(wire)) })
    const message = await client.messages
      .stream({
        model: 'claude-test-model',
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'Berlin?' }],
      })
      .finalMessage()
    const { transcript } = decodeFixture(anthropicProtocol, path)
    const thinking = message.content.find((block) => block.type === 'thinking')
    const text = message.content.find((block) => block.type === 'text')
    const toolUse = message.content.find((block) => block.type === 'tool_use')
    expect(transcript.reasoning).toBe(thinking?.type === 'thinking' ? thinking.thinking : undefined)
    expect(transcript.signatures[0]).toBe(thinking?.type === 'thinking' ? thinking.signature : undefined)
    expect(transcript.text).toBe(text?.type === 'text' ? text.text : undefined)
    expect(toolUse?.type).toBe('tool_use')
    if (toolUse?.type === 'tool_use') expect(transcript.tools[toolUse.id]?.args).toEqual(toolUse.input)
    expect(message.stop_reason).toBe('tool_use')
  })

  it('keeps the text before an overloaded_error and reports it with its type as code', async () => {
    const path = 'anthropic/overloaded-error.sse'
    const { transcript, diagnostics } = decodeFixture(anthropicProtocol, path)
    expect(transcript.text).toBe('Let me think about')
    expect(transcript.errors).toEqual([{ message: 'Overloaded', code: 'overloaded_error' }])
    expect(transcript.finishes).toEqual([])
    expect(diagnostics.map((diagnostic) => diagnostic.kind)).toEqual(['malformed', 'unexpected'])
    const stream = officialClient(path).messages.stream({
      model: 'claude-test-model',
      max_tokens: 64,
      messages: [],
    })
    await expect(stream.finalMessage()).rejects.toThrow(/Overloaded/)
  })

  it('shows server tool results (web search) as the result of the server_tool_use call', () => {
    const event = (type: string, fields: object) => ({
      event: type,
      data: JSON.stringify({ type, ...fields }),
    })
    const { transcript } = decodeFrames(anthropicProtocol, [
      event('content_block_start', {
        index: 0,
        content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} },
      }),
      event('content_block_delta', {
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"query": "sse"}' },
      }),
      event('content_block_stop', { index: 0 }),
      event('content_block_start', {
        index: 1,
        content_block: {
          type: 'web_search_tool_result',
          tool_use_id: 'srvtoolu_1',
          content: [{ type: 'web_search_result', url: 'https://a.example' }],
        },
      }),
      event('content_block_stop', { index: 1 }),
    ])
    expect(transcript.tools.srvtoolu_1).toMatchObject({
      name: 'web_search',
      args: { query: 'sse' },
      result: [{ type: 'web_search_result', url: 'https://a.example' }],
    })
  })
})
