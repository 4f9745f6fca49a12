import { langGraphProtocol } from '../../src/protocols/index.js'
import { parseSse } from '../helpers/sse-fixture.js'
import { decodeFixture, decodeFrames } from './decode-helpers.js'
import { langGraphSse } from './langchain-producer.js'

describe('LangGraph stream modes over SSE', () => {
  it('decodes a real LangGraph JS graph streamed in messages, updates, values and custom modes', async () => {
    const sse = await langGraphSse(['messages', 'updates', 'values', 'custom'])
    const { transcript, diagnostics } = decodeFrames(langGraphProtocol, parseSse(sse))
    expect(transcript.toolOrder).toEqual(['call_mul_1'])
    expect(transcript.tools.call_mul_1).toMatchObject({
      name: 'multiply',
      args: { a: 17, b: 25 },
      ended: true,
      result: '425',
    })
    // Text comes once, from the messages stream, not again from updates / values.
    expect(transcript.text).toBe('17 × 25 = **425**.')
    expect(transcript.data.filter((event) => event.name === 'custom').map((event) => event.data)).toEqual([
      { progress: 'model turn 1' },
      { progress: 'model turn 2' },
    ])
    expect(transcript.finishes).toEqual([{ type: 'finish', reason: 'stop' }])
    expect(diagnostics).toEqual([])
  })

  it('rebuilds the answer from a graph streamed in updates mode only', async () => {
    const { transcript } = decodeFrames(langGraphProtocol, parseSse(await langGraphSse(['updates'])))
    expect(transcript.tools.call_mul_1).toMatchObject({ args: { a: 17, b: 25 }, result: '425' })
    expect(transcript.text).toBe('17 × 25 = **425**.')
  })

  it('rebuilds the answer from values mode without replaying the input message', async () => {
    const { transcript } = decodeFrames(langGraphProtocol, parseSse(await langGraphSse(['values'])))
    expect(transcript.text).toBe('17 × 25 = **425**.')
    expect(transcript.text).not.toContain('What is 17 * 25?')
    expect(transcript.data.at(-1)).toMatchObject({ name: 'values', id: 'langgraph-values' })
  })

  it('decodes a LangGraph Server messages-tuple transcript with subgraph namespaces and skips noise', () => {
    const { transcript, diagnostics } = decodeFixture(langGraphProtocol, 'langgraph/messages-tuple-tools.sse')
    expect(transcript.tools.toolu_sf).toEqual({
      name: 'get_weather',
      argsText: '{"city": "sf"}',
      args: { city: 'sf' },
      ended: true,
      result: "It's 60 degrees and foggy.",
    })
    expect(transcript.text).toBe('It is 60 °F and foggy in San Francisco.')
    expect(transcript.data.find((event) => event.name === 'custom')?.data).toEqual({
      progress: 'tool finished',
      percent: 50,
    })
    expect(diagnostics.map((diagnostic) => diagnostic.kind)).toEqual(['unknown-event', 'malformed'])
  })

  it('reports an interrupt as data and a graph error as an error event', () => {
    const { transcript } = decodeFixture(langGraphProtocol, 'langgraph/updates-interrupt-error.sse')
    expect(transcript.tools.toolu_sf).toMatchObject({
      args: { city: 'sf' },
      result: "It's 60 degrees and foggy.",
    })
    expect(transcript.data).toEqual([
      {
        type: 'data',
        name: 'interrupt',
        data: [
          { value: { question: 'Approve sending the email?' }, resumable: true, ns: ['human_review:1'] },
        ],
      },
    ])
    expect(transcript.errors).toEqual([
      {
        message: 'Recursion limit of 25 reached without hitting a stop condition.',
        code: 'GraphRecursionError',
      },
    ])
    expect(transcript.finishes).toEqual([])
  })

  it('emits only the new suffix of accumulated legacy messages/partial events', () => {
    const { events } = decodeFixture(langGraphProtocol, 'langgraph/legacy-messages-partial.sse')
    expect(events.filter((event) => event.type === 'text-delta')).toEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ' wor' },
      { type: 'text-delta', text: 'ld' },
      { type: 'text-delta', text: '!' },
    ])
  })
})
