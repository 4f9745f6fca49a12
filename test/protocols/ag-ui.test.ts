// Just over 300 lines: the AG-UI decoder over the recorded fixtures and each event family of the
// spec in turn; the rule violations are in ag-ui-violations.test.ts.
import { type AGUIEvent, EventType } from '@ag-ui/core'
import type { Frame } from '../../src/core/index.js'
import { agUiProtocol, autoProtocol } from '../../src/protocols/index.js'
import { parseSse, readFixture } from '../helpers/sse-fixture.js'
import { AG_UI_RUNS, approvalRun, encodeRun, failingRun, weatherRun } from './ag-ui-producer.js'
import { decodeFixture, decodeFrames } from './decode-helpers.js'

/** The events through the official encoder (each one valid on its own), then through the decoder. */
function decodeRun(events: AGUIEvent[]) {
  return decodeFrames(agUiProtocol, parseSse(encodeRun(events)))
}

/** Hand-written frames, for what the official encoder would refuse to write. */
function rawFrames(...values: unknown[]): Frame[] {
  return values.map((value) => ({ data: typeof value === 'string' ? value : JSON.stringify(value) }))
}

const started: AGUIEvent = { type: EventType.RUN_STARTED, threadId: 't', runId: 'r' }
const finished: AGUIEvent = { type: EventType.RUN_FINISHED, threadId: 't', runId: 'r' }

describe('AG-UI events written by @ag-ui/encoder', () => {
  it.each(Object.entries(AG_UI_RUNS))('the recorded %s is what the encoder writes today', (file, run) => {
    expect(readFixture(`ag-ui/${file}`)).toBe(encodeRun(run()))
  })

  it('decodes a whole run: reasoning, a tool call with its result, text in both forms, usage', () => {
    const { transcript, diagnostics } = decodeRun(weatherRun())
    expect(transcript.reasoning).toBe('The user wants the weather; call get_weather for Oslo.')
    expect(transcript.reasoningEnds).toBe(1)
    expect(transcript.tools).toEqual({
      'call-1': {
        name: 'get_weather',
        argsText: '{"city":"Oslo","days":2}',
        args: { city: 'Oslo', days: 2 },
        ended: true,
        result: '{"tempC":4,"sky":"snow"}',
      },
    })
    expect(transcript.text).toBe('Checking the forecast.\n\nOslo: **4 °C** and snow.')
    expect(transcript.messageIds).toEqual(['msg-1', 'msg-2'])
    // Usage is summed over the per-model entries.
    expect(transcript.finishes).toEqual([
      {
        type: 'finish',
        reason: 'stop',
        usage: { inputTokens: 150, outputTokens: 50, reasoningTokens: 8, totalTokens: 200 },
      },
    ])
    expect(diagnostics).toEqual([])
  })

  it('keeps the agent state from the snapshot and its RFC 6902 patches, emitted whole each time', () => {
    const { transcript } = decodeRun(weatherRun())
    const states = transcript.data.filter((event) => event.name === 'agent-state')
    expect(states.map((event) => event.id)).toEqual(['ag-ui-state', 'ag-ui-state'])
    expect(states.map((event) => event.data)).toEqual([
      { city: 'Oslo', steps: [{ name: 'plan', done: true }] },
      {
        city: 'Oslo',
        steps: [
          { name: 'plan', done: true },
          { name: 'fetch', done: true },
        ],
        forecast: { tempC: 4, sky: 'snow' },
      },
    ])
    // The earlier snapshot a UI may still hold is not changed by the patch.
    expect(states[0]?.data).toEqual({ city: 'Oslo', steps: [{ name: 'plan', done: true }] })
  })

  it('turns steps, CUSTOM, MESSAGES_SNAPSHOT and the run result into named data', () => {
    const { transcript } = decodeRun(weatherRun())
    const other = transcript.data.filter((event) => event.name !== 'agent-state')
    expect(other).toEqual([
      { type: 'data', name: 'step', id: 'ag-ui-step:plan', data: { stepName: 'plan', status: 'running' } },
      { type: 'data', name: 'step', id: 'ag-ui-step:plan', data: { stepName: 'plan', status: 'finished' } },
      { type: 'data', name: 'progress', data: { percent: 100 } },
      {
        type: 'data',
        name: 'messages-snapshot',
        id: 'ag-ui-messages',
        data: [{ id: 'msg-2', role: 'assistant', content: 'Oslo: **4 °C** and snow.' }],
      },
      { type: 'data', name: 'run-result', id: 'ag-ui-result', data: { answered: true } },
    ])
  })

  it('finishes an interrupted run as interrupted and hands the interrupt over as data', () => {
    const { transcript, events, diagnostics } = decodeRun(approvalRun())
    expect(transcript.text).toBe('I drafted the email; it needs your approval.')
    // The chunk-form call is closed by RUN_FINISHED, with its arguments parsed.
    expect(transcript.tools['call-2']).toEqual({
      name: 'send_email',
      argsText: '{"to":"ops@example.com","subject":"Snow day"}',
      args: { to: 'ops@example.com', subject: 'Snow day' },
      ended: true,
    })
    const interrupt = transcript.data.find((event) => event.name === 'interrupt')
    expect(interrupt).toEqual({
      type: 'data',
      name: 'interrupt',
      id: 'ag-ui-interrupt',
      data: {
        threadId: 'thread-weather',
        runId: 'run-2',
        interrupts: [
          {
            id: 'int-1',
            reason: 'tool_approval',
            message: 'Send this email?',
            toolCallId: 'call-2',
            responseSchema: { type: 'object', properties: { approved: { type: 'boolean' } } },
          },
        ],
      },
    })
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'interrupted' })
    expect(diagnostics).toEqual([])
  })

  it('patches the state the run started from (echoed in RUN_STARTED.input) and activities by id', () => {
    const { transcript } = decodeRun(approvalRun())
    expect(
      transcript.data.filter((event) => event.name === 'agent-state').map((event) => event.data),
    ).toEqual([{ drafts: 1 }])
    expect(transcript.data.filter((event) => event.name === 'activity')).toEqual([
      {
        type: 'data',
        name: 'activity',
        id: 'ag-ui-activity:act-1',
        data: { messageId: 'act-1', activityType: 'checklist', content: { items: ['draft'] } },
      },
      {
        type: 'data',
        name: 'activity',
        id: 'ag-ui-activity:act-1',
        data: { messageId: 'act-1', activityType: 'checklist', content: { items: ['draft', 'approve'] } },
      },
    ])
    expect(transcript.data.find((event) => event.name === 'raw')?.data).toEqual({
      source: 'langgraph',
      event: { event: 'on_interrupt', node: 'human_review' },
    })
  })

  it('reports RUN_ERROR as an in-band error and keeps the text before it', () => {
    const { transcript, events } = decodeRun(failingRun())
    expect(transcript.text).toBe('Looking that up')
    expect(transcript.errors).toEqual([{ message: 'Upstream model timed out', code: 'model_timeout' }])
    expect(events.some((event) => event.type === 'finish')).toBe(false)
  })

  it('opens a message labelled with the author when a differently named assistant message starts', () => {
    const say = (messageId: string, name: string, delta: string): AGUIEvent[] => [
      { type: EventType.TEXT_MESSAGE_START, messageId, name },
      { type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta },
      { type: EventType.TEXT_MESSAGE_END, messageId },
    ]
    const { transcript } = decodeRun([
      ...say('m1', 'researcher', 'Found it. '),
      ...say('m2', 'writer', 'Summary: '),
      ...say('m3', 'writer', 'done.'),
    ])
    expect(transcript.agents).toEqual([
      { agent: 'researcher', text: 'Found it. ' },
      { agent: 'writer', text: 'Summary: done.' },
    ])
  })

  it('reads reasoning in chunk form and reports subagents and encrypted reasoning as data', () => {
    const { transcript, diagnostics } = decodeRun([
      started,
      {
        type: EventType.SUBAGENT_STARTED,
        subagentRunId: 'sub-1',
        name: 'researcher',
        description: 'Finds sources',
      },
      { type: EventType.REASONING_MESSAGE_CHUNK, messageId: 'r1', delta: 'Looking ', subagentRunId: 'sub-1' },
      { type: EventType.REASONING_MESSAGE_CHUNK, delta: 'deeper.', subagentRunId: 'sub-1' },
      {
        type: EventType.REASONING_ENCRYPTED_VALUE,
        subtype: 'message',
        entityId: 'r1',
        encryptedValue: 'opaque==',
      },
      {
        type: EventType.SUBAGENT_FINISHED,
        subagentRunId: 'sub-1',
        outcome: { type: 'suspended' },
        result: 3,
      },
      { type: EventType.SUBAGENT_STARTED, subagentRunId: 'sub-2', name: 'writer' },
      { type: EventType.SUBAGENT_ERROR, subagentRunId: 'sub-2', message: 'quota' },
      finished,
    ])
    expect(transcript.reasoning).toBe('Looking deeper.')
    // The encrypted value does not end the chunk stream; SUBAGENT_FINISHED does.
    expect(transcript.reasoningEnds).toBe(1)
    expect(transcript.data.map((event) => [event.name, event.id, event.data])).toEqual([
      [
        'subagent',
        'ag-ui-subagent:sub-1',
        { subagentRunId: 'sub-1', name: 'researcher', status: 'running', description: 'Finds sources' },
      ],
      [
        'reasoning-encrypted-value',
        'ag-ui-encrypted:message:r1',
        { subtype: 'message', entityId: 'r1', encryptedValue: 'opaque==' },
      ],
      [
        'subagent',
        'ag-ui-subagent:sub-1',
        {
          subagentRunId: 'sub-1',
          name: 'researcher',
          status: 'suspended',
          description: 'Finds sources',
          result: 3,
        },
      ],
      ['subagent', 'ag-ui-subagent:sub-2', { subagentRunId: 'sub-2', name: 'writer', status: 'running' }],
      [
        'subagent',
        'ag-ui-subagent:sub-2',
        { subagentRunId: 'sub-2', name: 'writer', status: 'failed', error: 'quota' },
      ],
    ])
    expect(diagnostics).toEqual([])
  })

  it('is chosen by auto from the first event', () => {
    const detected: string[] = []
    const { transcript } = decodeFixture(autoProtocol, 'ag-ui/weather-state-tools.sse', {
      onDetect: (name) => detected.push(name),
    })
    expect(detected).toEqual(['ag-ui'])
    expect(transcript.tools['call-1']?.args).toEqual({ city: 'Oslo', days: 2 })
  })
})

describe('AG-UI run endings', () => {
  const call: AGUIEvent[] = [
    started,
    { type: EventType.TOOL_CALL_START, toolCallId: 'c', toolCallName: 'confirm_order' },
    { type: EventType.TOOL_CALL_END, toolCallId: 'c' },
  ]

  it('finishes with tool-calls when a call is left for the application (a frontend tool)', () => {
    const named = decodeRun([
      ...call,
      { ...finished, outcome: { type: 'success', pendingToolCallIds: ['c'] } },
    ])
    expect(named.events.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' })
    // Without pendingToolCallIds the pending calls are derived from the stream.
    expect(decodeRun([...call, finished]).events.at(-1)).toEqual({ type: 'finish', reason: 'tool-calls' })
  })

  it('finishes a cancelled run as cancelled', () => {
    const { events } = decodeRun([started, { ...finished, outcome: { type: 'cancelled' } }])
    expect(events).toEqual([{ type: 'finish', reason: 'cancelled' }])
  })

  it('reads an outcome it does not know as success, with a diagnostic', () => {
    const { events, diagnostics } = decodeFrames(
      agUiProtocol,
      rawFrames(started, { ...finished, outcome: { type: 'handed-off' } }),
    )
    expect(events).toEqual([{ type: 'finish', reason: 'stop' }])
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      "ag-ui: unknown outcome 'handed-off' read as success",
    ])
  })

  it('closes a tool call or reasoning left open at RUN_FINISHED, with a diagnostic', () => {
    const { transcript, diagnostics } = decodeRun([
      started,
      { type: EventType.REASONING_MESSAGE_START, messageId: 'r1', role: 'reasoning' },
      { type: EventType.REASONING_MESSAGE_CONTENT, messageId: 'r1', delta: 'hmm' },
      { type: EventType.TOOL_CALL_START, toolCallId: 'c', toolCallName: 'search' },
      { type: EventType.TOOL_CALL_ARGS, toolCallId: 'c', delta: '{"q":1}' },
      finished,
    ])
    expect(transcript.tools.c).toMatchObject({ ended: true, args: { q: 1 } })
    expect(transcript.reasoningEnds).toBe(1)
    expect(diagnostics.map((diagnostic) => diagnostic.kind)).toEqual(['malformed', 'malformed'])
  })

  it('skips events after the run ended, fails on a late RUN_ERROR, and reads a new RUN_STARTED', () => {
    const { events, diagnostics } = decodeRun([
      started,
      finished,
      { type: EventType.TEXT_MESSAGE_START, messageId: 'late' },
      { type: EventType.RUN_ERROR, message: 'flush failed' },
      { type: EventType.RUN_STARTED, threadId: 't', runId: 'r2' },
      { type: EventType.TEXT_MESSAGE_CHUNK, messageId: 'm2', delta: 'again' },
    ])
    expect(events).toEqual([
      { type: 'finish', reason: 'stop' },
      { type: 'error', message: 'flush failed' },
      { type: 'message-start', messageId: 'm2' },
      { type: 'text-delta', text: 'again' },
    ])
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'ag-ui: skipped TEXT_MESSAGE_START after the run ended',
      'ag-ui: stream ended before RUN_FINISHED or RUN_ERROR',
    ])
  })

  it('reports a stream that ends before RUN_FINISHED (a drop the session resumes or ends interrupted)', () => {
    const decoder = agUiProtocol.createDecoder()
    expect(decoder.hasTerminalEvent).toBe(true)
    const { diagnostics } = decodeRun([
      started,
      { type: EventType.TEXT_MESSAGE_CHUNK, messageId: 'm', delta: 'Hi' },
    ])
    expect(diagnostics).toEqual([
      { kind: 'unexpected', message: 'ag-ui: stream ended before RUN_FINISHED or RUN_ERROR' },
    ])
  })
})
