import OpenAI from 'openai'
import { openAIChatProtocol } from '../../src/protocols/index.js'
import { decodeFixture, decodeFrames, fixtureFetch, toSse, wellFormedFrames } from './decode-helpers.js'

function officialClient(path: string): OpenAI {
  return new OpenAI({ apiKey: 'sk-test', maxRetries: 0, fetch: fixtureFetch(toSse(wellFormedFrames(path))) })
}

describe('OpenAI Chat Completions streaming', () => {
  it('assembles two parallel tool calls keyed by index, with usage and the finish reason', () => {
    const { transcript, diagnostics } = decodeFixture(
      openAIChatProtocol,
      'openai-chat/parallel-tool-calls.sse',
    )
    expect(transcript.messageIds).toEqual(['chatcmpl-BxQ8mYkT3'])
    expect(transcript.toolOrder).toEqual(['call_Fx2kq1', 'call_Zp9vT4'])
    expect(transcript.tools.call_Fx2kq1).toMatchObject({
      name: 'get_weather',
      args: { city: 'Paris', unit: 'celsius' },
    })
    expect(transcript.tools.call_Zp9vT4).toMatchObject({
      name: 'search_events',
      args: { query: 'events in Paris "this weekend"', limit: 5 },
    })
    expect(transcript.finishes).toEqual([
      {
        type: 'finish',
        reason: 'tool-calls',
        usage: { inputTokens: 182, outputTokens: 61, reasoningTokens: 0, totalTokens: 243 },
      },
    ])
    expect(diagnostics.map((diagnostic) => diagnostic.kind)).toEqual(['malformed'])
  })

  it('rebuilds the same tool calls as the official openai SDK stream helper', async () => {
    const path = 'openai-chat/parallel-tool-calls.sse'
    const stream = officialClient(path).chat.completions.stream({ model: 'gpt-4.1-mini', messages: [] })
    const completion = await stream.finalChatCompletion()
    const official = (completion.choices[0]?.message.tool_calls ?? []).map((call) =>
      call.type === 'function'
        ? { id: call.id, name: call.function.name, args: call.function.arguments }
        : call,
    )
    const { transcript } = decodeFixture(openAIChatProtocol, path)
    const ours = transcript.toolOrder.map((id) => ({
      id,
      name: transcript.tools[id]?.name,
      args: transcript.tools[id]?.argsText,
    }))
    expect(ours).toEqual(official)
    expect(official).toHaveLength(2)
  })

  it('rebuilds the same text as the official SDK and keeps the usage chunk that follows finish_reason', async () => {
    const path = 'openai-chat/text-with-usage.sse'
    const completion = await officialClient(path)
      .chat.completions.stream({ model: 'gpt-4.1-mini', messages: [] })
      .finalChatCompletion()
    const { transcript } = decodeFixture(openAIChatProtocol, path)
    expect(transcript.text).toBe(completion.choices[0]?.message.content)
    expect(transcript.text).toBe('Paris will be **18 °C** and cloudy.\nBring a light jacket.')
    expect(transcript.finishes[0]?.usage).toEqual({
      inputTokens: 40,
      outputTokens: 14,
      reasoningTokens: 0,
      totalTokens: 54,
    })
  })

  it('turns an in-band error object into an error event where the SDK throws the same message', async () => {
    const path = 'openai-chat/error-midstream.sse'
    const { transcript } = decodeFixture(openAIChatProtocol, path)
    expect(transcript.text).toBe('The quarterly numbers show')
    expect(transcript.errors).toEqual([
      {
        message: 'The server had an error while processing your request. Sorry about that!',
        code: 'server_error',
      },
    ])
    expect(transcript.finishes).toEqual([])
    const stream = officialClient(path).chat.completions.stream({ model: 'gpt-4.1-mini', messages: [] })
    await expect(stream.finalChatCompletion()).rejects.toThrow(transcript.errors[0]?.message as string)
  })

  it('decodes reasoning_content from OpenAI-compatible servers as reasoning before the answer', () => {
    const { transcript, events } = decodeFixture(openAIChatProtocol, 'openai-chat/reasoning-content.sse')
    expect(transcript.reasoning).toBe('2 + 2 is basic arithmetic.')
    expect(transcript.text).toBe('It is 4.')
    const reasoningEnd = events.findIndex((event) => event.type === 'reasoning-end')
    const firstText = events.findIndex((event) => event.type === 'text-delta')
    expect(reasoningEnd).toBeGreaterThan(-1)
    expect(reasoningEnd).toBeLessThan(firstText)
  })

  it('generates stable ids from the completion id when a compatible server omits tool call ids', () => {
    const chunk = (delta: unknown, finish: string | null = null) => ({
      data: JSON.stringify({ id: 'cmpl-7', choices: [{ index: 0, delta, finish_reason: finish }] }),
    })
    const frames = [
      chunk({ tool_calls: [{ index: 0, function: { name: 'lookup', arguments: '{"q":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"x"}' } }] }),
      chunk({}, 'tool_calls'),
      { data: '[DONE]' },
    ]
    const first = decodeFrames(openAIChatProtocol, frames).transcript
    const second = decodeFrames(openAIChatProtocol, frames).transcript
    expect(first.toolOrder).toEqual(['cmpl-7-tool-0'])
    expect(second.toolOrder).toEqual(first.toolOrder)
    expect(first.tools['cmpl-7-tool-0']).toMatchObject({ name: 'lookup', args: { q: 'x' }, ended: true })
  })

  it('holds arguments that arrive before the tool name until the name is known', () => {
    const chunk = (delta: unknown) => ({ data: JSON.stringify({ id: 'c', choices: [{ index: 0, delta }] }) })
    const { transcript } = decodeFrames(openAIChatProtocol, [
      chunk({ tool_calls: [{ index: 0, id: 'call_1', function: { arguments: '{"a":1' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { name: 'f', arguments: '}' } }] }),
      { data: '[DONE]' },
    ])
    expect(transcript.tools.call_1).toMatchObject({ name: 'f', argsText: '{"a":1}', args: { a: 1 } })
  })

  it('finishes at the end of the stream when a server sent finish_reason but no [DONE]', () => {
    const { transcript } = decodeFrames(openAIChatProtocol, [
      {
        data: JSON.stringify({
          id: 'c',
          choices: [{ index: 0, delta: { content: 'ok' }, finish_reason: 'length' }],
        }),
      },
    ])
    expect(transcript.finishes).toEqual([{ type: 'finish', reason: 'length' }])
  })
})
