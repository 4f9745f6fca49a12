import { readUIMessageStream, type UIMessage, type UIMessageChunk } from 'ai'
import { aiSdkProtocol, autoProtocol } from '../../src/protocols/index.js'
import { parseSse } from '../helpers/sse-fixture.js'
import { customStreamWithError, streamTextWithTools } from './ai-sdk-producer.js'
import { decodeFixture, decodeFrames, wellFormedFrames } from './decode-helpers.js'

async function officialMessage(path: string): Promise<UIMessage> {
  const chunks = wellFormedFrames(path)
    .filter((frame) => frame.data !== '[DONE]')
    .map((frame) => JSON.parse(frame.data) as UIMessageChunk)
    .filter((chunk) => chunk.type !== ('future-part' as string))
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk)
      controller.close()
    },
  })
  let last: UIMessage | undefined
  for await (const message of readUIMessageStream({ stream, onError: () => {} })) last = message
  if (!last) throw new Error('no message')
  return last
}

describe('Vercel AI SDK UI message stream', () => {
  it("decodes the ai package's own streamText output: reasoning, tool input/output and text", async () => {
    const response = streamTextWithTools()
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1')
    const { transcript, diagnostics } = decodeFrames(aiSdkProtocol, parseSse(await response.text()))
    expect(transcript.reasoning).toBe('Need the weather for Oslo.')
    expect(transcript.reasoningEnds).toBe(1)
    expect(transcript.tools['call-1']).toEqual({
      name: 'getWeather',
      argsText: '{"city":"Oslo","days":2}',
      ended: true,
      args: { city: 'Oslo', days: 2 },
      result: { city: 'Oslo', days: 2, tempC: 4, sky: 'snow' },
    })
    expect(transcript.text).toBe('Oslo: **4 °C** and snow.')
    expect(transcript.finishes).toEqual([{ type: 'finish', reason: 'stop' }])
    expect(diagnostics).toEqual([])
  })

  it('agrees with the AI SDK state layer (readUIMessageStream) on the recorded transcript', async () => {
    const path = 'ai-sdk/stream-text-tools.sse'
    const message = await officialMessage(path)
    const { transcript } = decodeFixture(aiSdkProtocol, path)
    const text = message.parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('')
    const reasoning = message.parts.flatMap((part) => (part.type === 'reasoning' ? [part.text] : [])).join('')
    const toolPart = message.parts.find((part) => part.type === 'tool-getWeather')
    expect(transcript.text).toBe(text)
    expect(transcript.reasoning).toBe(reasoning)
    expect(toolPart).toMatchObject({ state: 'output-available' })
    if (toolPart && 'input' in toolPart && 'output' in toolPart) {
      expect(transcript.tools['call-1']?.args).toEqual(toolPart.input)
      expect(transcript.tools['call-1']?.result).toEqual(toolPart.output)
    }
  })

  it('decodes data parts (transient and replaced by id), a tool output error and a stream error', async () => {
    const { transcript } = decodeFrames(aiSdkProtocol, parseSse(await customStreamWithError().text()))
    expect(transcript.messageIds).toEqual(['msg-custom-1'])
    expect(transcript.data).toEqual([
      { type: 'data', name: 'status', id: 'status', data: { phase: 'searching' } },
      { type: 'data', name: 'notification', data: { text: 'Working…' }, transient: true },
      { type: 'data', name: 'status', id: 'status', data: { phase: 'failed' } },
    ])
    expect(transcript.text).toBe('Searching the archive')
    expect(transcript.tools['call-9']).toMatchObject({ args: { q: '1999' }, error: 'archive offline' })
    expect(transcript.errors).toEqual([{ message: 'database connection lost' }])
  })

  it('agrees with readUIMessageStream on data parts and skips an unknown chunk and a truncated line', async () => {
    const path = 'ai-sdk/custom-data-error.sse'
    const { transcript, diagnostics } = decodeFixture(aiSdkProtocol, path)
    expect(diagnostics.map((diagnostic) => diagnostic.kind)).toEqual(['unknown-event', 'malformed'])
    const message = await officialMessage(path)
    const persisted = message.parts.filter((part) => part.type.startsWith('data-'))
    expect(persisted).toEqual([{ type: 'data-status', id: 'status', data: { phase: 'failed' } }])
    // Same information: the last 'status' wins, the transient part is not kept.
    const kept = transcript.data.filter((event) => !event.transient)
    expect(kept[kept.length - 1]).toMatchObject({ name: 'status', data: { phase: 'failed' } })
  })

  it('is chosen by auto from the x-vercel-ai-ui-message-stream header', () => {
    let detected: string | undefined
    const { transcript } = decodeFixture(autoProtocol, 'ai-sdk/stream-text-tools.sse', {
      headers: { 'x-vercel-ai-ui-message-stream': 'v1', 'content-type': 'text/event-stream' },
      onDetect: (name) => {
        detected = name
      },
    })
    expect(detected).toBe('ai-sdk')
    expect(transcript.text).toBe('Oslo: **4 °C** and snow.')
  })

  it('finishes as cancelled on abort', () => {
    const { events } = decodeFrames(aiSdkProtocol, [{ data: '{"type":"abort","reason":"user"}' }])
    expect(events).toEqual([{ type: 'finish', reason: 'cancelled' }])
  })
})
