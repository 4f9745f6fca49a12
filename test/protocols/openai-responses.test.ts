import OpenAI from 'openai'
import { openAIResponsesProtocol } from '../../src/protocols/index.js'
import { decodeFixture, fixtureFetch, toSse, wellFormedFrames } from './decode-helpers.js'

function officialClient(path: string): OpenAI {
  return new OpenAI({ apiKey: 'sk-test', maxRetries: 0, fetch: fixtureFetch(toSse(wellFormedFrames(path))) })
}

describe('OpenAI Responses streaming', () => {
  it('decodes reasoning summaries, a function call by call_id, output text and usage', () => {
    const { transcript, diagnostics } = decodeFixture(
      openAIResponsesProtocol,
      'openai-responses/reasoning-tool-text.sse',
    )
    expect(transcript.messageIds).toEqual(['resp_68a1c0'])
    expect(transcript.reasoning).toBe(
      '**Planning the lookup**\n\nThe user asked about Lyon, so I need the forecast tool.\n\n**Choosing days**\n\nThree days covers the weekend.',
    )
    expect(transcript.reasoningEnds).toBe(1)
    expect(transcript.tools.call_LyX1).toMatchObject({
      name: 'get_weather',
      args: { city: 'Lyon', days: 3 },
      ended: true,
    })
    expect(transcript.text).toBe('Lyon: sunny, 24 °C on Saturday.')
    expect(transcript.finishes).toEqual([
      {
        type: 'finish',
        reason: 'tool-calls',
        usage: { inputTokens: 96, outputTokens: 181, reasoningTokens: 128, totalTokens: 277 },
      },
    ])
    expect(diagnostics.map((diagnostic) => diagnostic.kind)).toEqual(['unknown-event', 'malformed'])
  })

  it('rebuilds the same text, function arguments and summaries as the official openai SDK', async () => {
    const path = 'openai-responses/reasoning-tool-text.sse'
    const response = await officialClient(path)
      .responses.stream({ model: 'o4-mini', input: 'Lyon?' })
      .finalResponse()
    const { transcript } = decodeFixture(openAIResponsesProtocol, path)
    const outputText = response.output
      .flatMap((item) => (item.type === 'message' ? item.content : []))
      .map((part) => (part.type === 'output_text' ? part.text : ''))
      .join('')
    expect(outputText).not.toBe('')
    expect(transcript.text).toBe(outputText)
    const calls = response.output.flatMap((item) =>
      item.type === 'function_call' ? [{ id: item.call_id, name: item.name, argsText: item.arguments }] : [],
    )
    expect(
      transcript.toolOrder.map((id) => ({
        id,
        name: transcript.tools[id]?.name,
        argsText: transcript.tools[id]?.argsText,
      })),
    ).toEqual(calls)
    const summaries = response.output.flatMap((item) =>
      item.type === 'reasoning' ? item.summary.map((part) => part.text) : [],
    )
    expect(transcript.reasoning).toBe(summaries.join('\n\n'))
  })

  it('reports response.failed as an error and finishes as error, keeping the partial text', () => {
    const { transcript } = decodeFixture(openAIResponsesProtocol, 'openai-responses/failed.sse')
    expect(transcript.text).toBe('Partial answer')
    expect(transcript.errors).toEqual([
      { message: 'The model produced invalid content.', code: 'server_error' },
    ])
    expect(transcript.finishes).toEqual([{ type: 'finish', reason: 'error' }])
  })

  it('reports an error event with its code, as the SDK does by rejecting', async () => {
    const path = 'openai-responses/error-event.sse'
    const { transcript } = decodeFixture(openAIResponsesProtocol, path)
    expect(transcript.errors).toEqual([
      { message: 'Rate limit reached for o4-mini.', code: 'rate_limit_exceeded' },
    ])
    const stream = officialClient(path).responses.stream({ model: 'o4-mini', input: 'x' })
    await expect(stream.finalResponse()).rejects.toThrow()
  })
})
