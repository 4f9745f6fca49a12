// Over 300 lines: one case per AG-UI 1.0 sequencing rule a server can break (each with the
// events that break it), so the decoder's answer to every violation is listed in one place.
import { type AGUIEvent, EventType } from '@ag-ui/core'
import type { AgentEvent, Frame } from '../../src/core/index.js'
import { agUiProtocol } from '../../src/protocols/index.js'
import { parseSse } from '../helpers/sse-fixture.js'
import { encodeRun } from './ag-ui-producer.js'
import { decodeFrames } from './decode-helpers.js'

// Each event here is valid on its own (the official encoder and schema accept it); what is wrong is
// the sequence, which the AG-UI processing model makes fatal. Malformed fields need hand-written JSON.

function decodeRun(events: AGUIEvent[]) {
  return decodeFrames(agUiProtocol, parseSse(encodeRun(events)))
}

function rawFrames(...values: unknown[]): Frame[] {
  return values.map((value) => ({ data: typeof value === 'string' ? value : JSON.stringify(value) }))
}

const started: AGUIEvent = { type: EventType.RUN_STARTED, threadId: 't', runId: 'r' }
const finished: AGUIEvent = { type: EventType.RUN_FINISHED, threadId: 't', runId: 'r' }

function errorsOf(events: readonly AgentEvent[]) {
  return events.filter((event) => event.type === 'error')
}

describe('AG-UI sequence violations are in-band errors', () => {
  it.each<[string, AGUIEvent[], string]>([
    [
      'content for a message nothing opened',
      [{ type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'ghost', delta: 'boo' }],
      "TEXT_MESSAGE_CONTENT for message 'ghost', which is not open",
    ],
    [
      'content for a message already closed',
      [
        { type: EventType.TEXT_MESSAGE_START, messageId: 'm' },
        { type: EventType.TEXT_MESSAGE_END, messageId: 'm' },
        { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'm', delta: 'late' },
      ],
      "TEXT_MESSAGE_CONTENT for message 'm', which is not open",
    ],
    [
      'a message opened twice',
      [
        { type: EventType.TEXT_MESSAGE_START, messageId: 'm' },
        { type: EventType.TEXT_MESSAGE_START, messageId: 'm' },
      ],
      "TEXT_MESSAGE_START opens message 'm', which is already open",
    ],
    [
      'args for a tool call nothing opened',
      [{ type: EventType.TOOL_CALL_ARGS, toolCallId: 'ghost', delta: '{}' }],
      "TOOL_CALL_ARGS for tool call 'ghost', which is not open",
    ],
    [
      'a tool call ended twice',
      [
        { type: EventType.TOOL_CALL_START, toolCallId: 'c', toolCallName: 'search' },
        { type: EventType.TOOL_CALL_END, toolCallId: 'c' },
        { type: EventType.TOOL_CALL_END, toolCallId: 'c' },
      ],
      "TOOL_CALL_END for tool call 'c', which is not open",
    ],
    [
      'a tool call opened twice',
      [
        { type: EventType.TOOL_CALL_START, toolCallId: 'c', toolCallName: 'search' },
        { type: EventType.TOOL_CALL_START, toolCallId: 'c', toolCallName: 'search' },
      ],
      "TOOL_CALL_START opens tool call 'c', which is already open",
    ],
    [
      'reasoning content for a reasoning message nothing opened',
      [{ type: EventType.REASONING_MESSAGE_CONTENT, messageId: 'r', delta: 'x' }],
      "REASONING_MESSAGE_CONTENT for reasoning message 'r', which is not open",
    ],
    [
      'a reasoning span closed that nothing opened',
      [{ type: EventType.REASONING_END, messageId: 'span' }],
      "REASONING_END for reasoning span 'span', which is not open",
    ],
    [
      'a first text chunk without a messageId',
      [{ type: EventType.TEXT_MESSAGE_CHUNK, delta: 'who am I' }],
      'the first TEXT_MESSAGE_CHUNK of an item needs its id',
    ],
    [
      'a first tool chunk without a toolCallName',
      [{ type: EventType.TOOL_CALL_CHUNK, toolCallId: 'c', delta: '{}' }],
      'the first TOOL_CALL_CHUNK of a call needs its toolCallName',
    ],
    [
      'a tool chunk that renames its call',
      [
        { type: EventType.TOOL_CALL_CHUNK, toolCallId: 'c', toolCallName: 'a', delta: '{' },
        { type: EventType.TOOL_CALL_CHUNK, toolCallName: 'b', delta: '}' },
      ],
      "TOOL_CALL_CHUNK renames tool call 'c' to 'b'",
    ],
    [
      'a text chunk continued after another event ended the shorthand',
      [
        { type: EventType.TEXT_MESSAGE_CHUNK, messageId: 'm', delta: 'a' },
        { type: EventType.STEP_STARTED, stepName: 's' },
        { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'm', delta: 'b' },
      ],
      "TEXT_MESSAGE_CONTENT for message 'm', which is not open",
    ],
  ])('%s', (_name, body, message) => {
    const { events } = decodeRun([
      started,
      ...body,
      { type: EventType.TEXT_MESSAGE_CHUNK, messageId: 'after', delta: 'never shown' },
      finished,
    ])
    expect(errorsOf(events)).toEqual([
      { type: 'error', message: `AG-UI protocol violation: ${message}`, code: 'protocol_violation' },
    ])
    // The run is over: what follows is not shown and no finish comes.
    expect(events.some((event) => event.type === 'text-delta' && event.text === 'never shown')).toBe(false)
    expect(events.some((event) => event.type === 'finish')).toBe(false)
  })

  it.each([
    [
      'a delta that is not a string',
      { type: 'TEXT_MESSAGE_CONTENT', messageId: 'm', delta: 42 },
      "TEXT_MESSAGE_CONTENT needs a string 'delta'",
    ],
    [
      'a tool call without an id',
      { type: 'TOOL_CALL_START', toolCallName: 'x' },
      "TOOL_CALL_START needs a string 'toolCallId'",
    ],
    [
      'a result with no content',
      { type: 'TOOL_CALL_RESULT', messageId: 'r', toolCallId: 'c' },
      "TOOL_CALL_RESULT needs 'content' (a string or a list of parts)",
    ],
    ['a state snapshot with no snapshot', { type: 'STATE_SNAPSHOT' }, "STATE_SNAPSHOT needs a 'snapshot'"],
    [
      'a patch that is not a patch',
      { type: 'STATE_DELTA', delta: { op: 'add' } },
      'malformed STATE_DELTA patch: the patch is not an array',
    ],
    [
      'an interrupt outcome without interrupts',
      { type: 'RUN_FINISHED', threadId: 't', runId: 'r', outcome: { type: 'interrupt' } },
      "RUN_FINISHED: an interrupt outcome needs 'interrupts'",
    ],
  ])('a malformed known field: %s', (_name, event, message) => {
    const opened = { type: 'TEXT_MESSAGE_START', messageId: 'm' }
    const { events } = decodeFrames(agUiProtocol, rawFrames(opened, event))
    expect(errorsOf(events)).toEqual([
      { type: 'error', message: `AG-UI protocol violation: ${message}`, code: 'protocol_violation' },
    ])
  })
})

describe('AG-UI input the decoder tolerates (documented)', () => {
  it('skips data that is not JSON or not an event object, with a malformed diagnostic', () => {
    const { events, diagnostics } = decodeFrames(
      agUiProtocol,
      rawFrames('{"type":"TEXT_MESSAGE_CHUNK","messageId":"m","del', '[1,2]', '{"delta":"x"}', {
        type: 'TEXT_MESSAGE_CHUNK',
        messageId: 'm',
        delta: 'ok',
      }),
    )
    expect(events).toEqual([
      { type: 'message-start', messageId: 'm' },
      { type: 'text-delta', text: 'ok' },
    ])
    expect(diagnostics.map((diagnostic) => diagnostic.kind)).toEqual([
      'malformed',
      'malformed',
      'malformed',
      'unexpected',
    ])
  })

  it('skips an event type it does not know without ending the run', () => {
    const { events, diagnostics } = decodeFrames(
      agUiProtocol,
      rawFrames(
        started,
        { type: 'HOLOGRAM_START', id: 1 },
        { type: 'TEXT_MESSAGE_CHUNK', messageId: 'm', delta: 'still here' },
        finished,
      ),
    )
    expect(events.map((event) => event.type)).toEqual(['message-start', 'text-delta', 'finish'])
    expect(diagnostics).toMatchObject([
      { kind: 'unknown-event', message: "ag-ui: skipped event 'HOLOGRAM_START'" },
    ])
  })

  it('reads events that come before RUN_STARTED', () => {
    const { transcript } = decodeRun([
      { type: EventType.TEXT_MESSAGE_CHUNK, messageId: 'm', delta: 'no preamble' },
    ])
    expect(transcript.text).toBe('no preamble')
  })

  it('skips a result for a tool call this response never opened, with a diagnostic', () => {
    const { events, diagnostics } = decodeRun([
      started,
      { type: EventType.TOOL_CALL_RESULT, messageId: 'tm', toolCallId: 'from-last-run', content: 'done' },
      finished,
    ])
    expect(events).toEqual([{ type: 'finish', reason: 'stop' }])
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      "ag-ui: skipped the result of tool call 'from-last-run', which this response never opened",
    ])
  })

  it('continues a closed message that is reopened, and a closed tool call', () => {
    // Read without decodeFrames: its transcript check rejects arguments after a call's end, which a
    // reopened AG-UI call legitimately sends (the reducer appends them and takes the last args).
    const decoder = agUiProtocol.createDecoder()
    const events = parseSse(
      encodeRun([
        { type: EventType.TEXT_MESSAGE_START, messageId: 'm' },
        { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'm', delta: 'Hello' },
        { type: EventType.TEXT_MESSAGE_END, messageId: 'm' },
        { type: EventType.TEXT_MESSAGE_START, messageId: 'm' },
        { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'm', delta: ' again' },
        { type: EventType.TEXT_MESSAGE_END, messageId: 'm' },
        { type: EventType.TOOL_CALL_START, toolCallId: 'c', toolCallName: 'f' },
        { type: EventType.TOOL_CALL_ARGS, toolCallId: 'c', delta: '{"a":' },
        { type: EventType.TOOL_CALL_END, toolCallId: 'c' },
        { type: EventType.TOOL_CALL_START, toolCallId: 'c', toolCallName: 'f' },
        { type: EventType.TOOL_CALL_ARGS, toolCallId: 'c', delta: '1}' },
        { type: EventType.TOOL_CALL_END, toolCallId: 'c' },
      ]),
    ).flatMap((frame) => decoder.decode(frame))
    expect(events).toEqual([
      { type: 'message-start', messageId: 'm' },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ' again' },
      { type: 'tool-call-start', id: 'c', name: 'f' },
      { type: 'tool-call-delta', id: 'c', argsText: '{"a":' },
      { type: 'tool-call-end', id: 'c' },
      { type: 'tool-call-delta', id: 'c', argsText: '1}' },
      { type: 'tool-call-end', id: 'c', args: { a: 1 } },
    ])
  })

  it("does not show the text of a message that is not the assistant's", () => {
    const { transcript, diagnostics } = decodeRun([
      { type: EventType.TEXT_MESSAGE_START, messageId: 'u', role: 'user' },
      { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'u', delta: 'echoed question' },
      { type: EventType.TEXT_MESSAGE_END, messageId: 'u' },
      { type: EventType.TEXT_MESSAGE_CHUNK, messageId: 'a', delta: 'answer' },
    ])
    expect(transcript.text).toBe('answer')
    expect(diagnostics[0]?.message).toBe("ag-ui: the text of 'user' message 'u' is not shown")
  })
})

describe('AG-UI state patches', () => {
  const snapshot: AGUIEvent = { type: EventType.STATE_SNAPSHOT, snapshot: { items: ['a'], count: 1 } }
  const states = (events: readonly AgentEvent[]) =>
    events.flatMap((event) => (event.type === 'data' && event.name === 'agent-state' ? [event.data] : []))

  it('keeps the state and reports it when a well-formed patch does not apply (atomically)', () => {
    const { events, diagnostics } = decodeRun([
      snapshot,
      {
        type: EventType.STATE_DELTA,
        delta: [
          { op: 'replace', path: '/count', value: 2 },
          { op: 'remove', path: '/items/5' },
        ],
      },
      {
        type: EventType.STATE_DELTA,
        delta: [
          { op: 'test', path: '/count', value: 1 },
          { op: 'add', path: '/ok', value: true },
        ],
      },
    ])
    expect(states(events)).toEqual([
      { items: ['a'], count: 1 },
      { items: ['a'], count: 1, ok: true },
    ])
    expect(errorsOf(events)).toEqual([])
    expect(diagnostics[0]).toMatchObject({
      kind: 'malformed',
      message:
        'ag-ui: STATE_DELTA patch not applied, the value is kept: operation 1 (remove /items/5): index 5 does not exist',
    })
  })

  it('skips an operation RFC 6902 does not define and applies the rest', () => {
    const { events, diagnostics } = decodeFrames(
      agUiProtocol,
      rawFrames({
        type: 'STATE_DELTA',
        delta: [
          { op: 'merge', path: '/a', value: 1 },
          { op: 'add', path: '/b', value: 2 },
        ],
      }),
    )
    expect(states(events)).toEqual([{ b: 2 }])
    expect(diagnostics[0]?.message).toBe(
      "ag-ui: STATE_DELTA patch: operation 0 (merge /a): unknown op 'merge' skipped",
    )
  })

  it('is an in-band error when a patch operation is malformed', () => {
    const { events } = decodeFrames(
      agUiProtocol,
      rawFrames({ type: 'STATE_DELTA', delta: [{ op: 'add', path: 'no-slash', value: 1 }] }),
    )
    expect(errorsOf(events)).toEqual([
      {
        type: 'error',
        message:
          "AG-UI protocol violation: malformed STATE_DELTA patch: operation 0 (add): 'no-slash' is not a JSON Pointer",
        code: 'protocol_violation',
      },
    ])
  })

  it('skips an activity delta that comes before the activity snapshot', () => {
    const { events, diagnostics } = decodeRun([
      {
        type: EventType.ACTIVITY_DELTA,
        messageId: 'a',
        activityType: 'plan',
        patch: [{ op: 'add', path: '/x', value: 1 }],
      },
    ])
    expect(events).toEqual([])
    expect(diagnostics[0]?.message).toBe(
      "ag-ui: ACTIVITY_DELTA for activity 'a' before its snapshot; skipped",
    )
  })
})
