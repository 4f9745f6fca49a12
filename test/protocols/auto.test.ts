import type { Protocol } from '../../src/core/index.js'
import { autoProtocol, protocols, resolveProtocol } from '../../src/protocols/index.js'
import { readFrames } from '../helpers/sse-fixture.js'
import { decodeFrames } from './decode-helpers.js'

const FIXTURES: [path: string, protocol: string][] = [
  ['plain-text/fastapi-markdown.sse', 'plain-text'],
  ['agent-events/weather-tools.sse', 'agent-events'],
  ['agent-events/error-midstream.sse', 'agent-events'],
  ['websocket-chunk/answer.jsonl', 'websocket-chunk'],
  ['openai-chat/parallel-tool-calls.sse', 'openai-chat'],
  ['openai-chat/error-midstream.sse', 'openai-chat'],
  ['openai-responses/reasoning-tool-text.sse', 'openai-responses'],
  ['anthropic/thinking-tool-use.sse', 'anthropic'],
  ['ai-sdk/stream-text-tools.sse', 'ai-sdk'],
  ['ai-sdk/custom-data-error.sse', 'ai-sdk'],
  ['langchain/tool-agent-events.sse', 'langchain'],
  ['langgraph/messages-tuple-tools.sse', 'langgraph'],
  ['langgraph/legacy-messages-partial.sse', 'langgraph'],
  ['multi-agent/research-team.sse', 'multi-agent'],
  ['ag-ui/weather-state-tools.sse', 'ag-ui'],
  ['ag-ui/approval-interrupt.sse', 'ag-ui'],
  ['ag-ui/run-error.sse', 'ag-ui'],
]

describe('auto protocol detection', () => {
  it.each(FIXTURES)('detects %s as %s and decodes it exactly like that decoder', (path, expected) => {
    const frames = readFrames(path)
    const detections: string[] = []
    const auto = decodeFrames(autoProtocol, frames, { onDetect: (name) => detections.push(name) })
    const direct = decodeFrames((protocols as Record<string, Protocol>)[expected] as Protocol, frames)
    expect(detections).toEqual([expected])
    expect(auto.events).toEqual(direct.events)
  })

  it('exposes the choice on the decoder and holds ambiguous frames until a frame decides', () => {
    const decoder = autoProtocol.createDecoder()
    expect(decoder.decode({ event: 'ping', data: '{"type":"ping"}' })).toEqual([])
    expect(decoder.detected).toBeUndefined()
    const events = decoder.decode({
      event: 'message_start',
      data: '{"type":"message_start","message":{"id":"m1"}}',
    })
    expect(decoder.detected).toBe('anthropic')
    expect(events).toEqual([{ type: 'message-start', messageId: 'm1' }])
  })

  it('prefers plain text for a text/plain response even when a chunk looks like JSON', () => {
    const decoder = autoProtocol.createDecoder({ headers: { 'content-type': 'text/plain; charset=utf-8' } })
    expect(decoder.detected).toBe('plain-text')
    expect(decoder.decode({ data: '{"a":1}' })).toEqual([{ type: 'text-delta', text: '{"a":1}' }])
  })

  it('falls back to plain text at the end of a stream that never decided', () => {
    const { events } = decodeFrames(autoProtocol, [{ data: '[DONE]' }])
    expect(events).toEqual([{ type: 'finish', reason: 'stop' }])
  })

  it('keeps a user onDetect that throws from breaking the stream', () => {
    const decoder = autoProtocol.createDecoder({
      onDetect: () => {
        throw new Error('user bug')
      },
    })
    expect(decoder.decode({ data: 'hello' })).toEqual([{ type: 'text-delta', text: 'hello' }])
  })
})

describe('resolveProtocol', () => {
  it('returns a protocol object as is, a name from the registry, and auto for undefined', () => {
    const custom: Protocol = { name: 'custom', createDecoder: () => ({ decode: () => [], end: () => [] }) }
    expect(resolveProtocol(custom)).toBe(custom)
    expect(resolveProtocol('openai-chat')).toBe(protocols['openai-chat'])
    expect(resolveProtocol(undefined)).toBe(autoProtocol)
  })

  it('falls back to auto with a console error for an unknown name', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(resolveProtocol('openai-chatt')).toBe(autoProtocol)
    expect(error).toHaveBeenCalledWith(expect.stringContaining("unknown protocol 'openai-chatt'"))
  })

  it('names every registered protocol after its key', () => {
    for (const [name, protocol] of Object.entries(protocols)) expect(protocol.name).toBe(name)
  })
})
