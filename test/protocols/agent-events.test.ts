import { agentEventsProtocol } from '../../src/protocols/index.js'
import { decodeFixture, decodeFrames } from './decode-helpers.js'

describe("the kit's own JSON event protocol", () => {
  it('decodes reasoning, a streamed tool call with result, a failed tool, data and usage', () => {
    const { transcript } = decodeFixture(agentEventsProtocol, 'agent-events/weather-tools.sse')
    expect(transcript.messageIds).toEqual(['msg_01'])
    expect(transcript.reasoning).toBe('The user wants the weather; call the tool first.')
    expect(transcript.text).toBe('It is 18 °C and cloudy in Paris.')
    expect(transcript.tools.call_weather_1).toEqual({
      name: 'get_weather',
      argsText: '{"city":"Paris","unit":"c"}',
      ended: true,
      args: { city: 'Paris', unit: 'c' },
      result: { tempC: 18, sky: 'cloudy' },
    })
    expect(transcript.tools.call_map_2?.error).toBe('map service unavailable')
    expect(transcript.data).toEqual([
      { type: 'data', name: 'progress', id: 'progress', data: { step: 2, of: 3 } },
    ])
    expect(transcript.finishes).toEqual([
      { type: 'finish', reason: 'stop', usage: { inputTokens: 412, outputTokens: 57, totalTokens: 469 } },
    ])
  })

  it('skips a malformed line and an unknown event type with one diagnostic each', () => {
    const { diagnostics } = decodeFixture(agentEventsProtocol, 'agent-events/weather-tools.sse')
    expect(diagnostics.map((diagnostic) => [diagnostic.kind, diagnostic.frame?.id])).toEqual([
      ['malformed', undefined],
      ['unknown-event', '10a'],
    ])
  })

  it('keeps the text before an in-band error and reports the error with its code', () => {
    const { transcript } = decodeFixture(agentEventsProtocol, 'agent-events/error-midstream.sse')
    expect(transcript.text).toBe('The report starts')
    expect(transcript.errors).toEqual([{ message: 'rate limited by upstream model', code: 'rate_limited' }])
    expect(transcript.finishes).toEqual([{ type: 'finish', reason: 'error' }])
  })

  it('takes the type from the SSE event name when the JSON has none', () => {
    const { events } = decodeFrames(agentEventsProtocol, [{ event: 'text-delta', data: '{"text":"hi"}' }])
    expect(events).toEqual([{ type: 'text-delta', text: 'hi' }])
  })

  it('rejects an event missing a required field instead of passing it to the reducer', () => {
    const { events, diagnostics } = decodeFrames(agentEventsProtocol, [
      { data: '{"type":"tool-call-delta","id":"t1"}' },
      { data: '{"type":"text-delta","text":42}' },
    ])
    expect(events).toEqual([])
    expect(diagnostics.map((diagnostic) => diagnostic.kind)).toEqual(['malformed', 'malformed'])
  })

  it('drops unknown extra fields and an unknown finish reason', () => {
    const { events } = decodeFrames(agentEventsProtocol, [
      { data: '{"type":"finish","reason":"because","usage":{"outputTokens":3,"cost":9},"extra":true}' },
    ])
    expect(events).toEqual([{ type: 'finish', usage: { outputTokens: 3 } }])
  })
})
