// A real AG-UI producer: runs written with @ag-ui/core's event types, each event checked against the
// official schema (EventSchema) and serialised by @ag-ui/encoder's EventEncoder, as an AG-UI server
// does. Used by the tests, by the HTTP servers in them, and by scripts/record-ag-ui-fixtures.ts.
import { type AGUIEvent, EventType } from '@ag-ui/core'
import { EventSchema } from '@ag-ui/core/schemas'
import { EventEncoder } from '@ag-ui/encoder'

const THREAD = 'thread-weather'

/** A whole run: reasoning, state (snapshot then patches), a tool call with its result, text in both forms. */
export function weatherRun(runId = 'run-1'): AGUIEvent[] {
  return [
    { type: EventType.RUN_STARTED, threadId: THREAD, runId },
    { type: EventType.STEP_STARTED, stepName: 'plan' },
    { type: EventType.REASONING_START, messageId: 'think-1' },
    { type: EventType.REASONING_MESSAGE_START, messageId: 'think-1-m', role: 'reasoning' },
    {
      type: EventType.REASONING_MESSAGE_CONTENT,
      messageId: 'think-1-m',
      delta: 'The user wants the weather; ',
    },
    {
      type: EventType.REASONING_MESSAGE_CONTENT,
      messageId: 'think-1-m',
      delta: 'call get_weather for Oslo.',
    },
    { type: EventType.REASONING_MESSAGE_END, messageId: 'think-1-m' },
    { type: EventType.REASONING_END, messageId: 'think-1' },
    { type: EventType.STEP_FINISHED, stepName: 'plan' },
    { type: EventType.STATE_SNAPSHOT, snapshot: { city: 'Oslo', steps: [{ name: 'plan', done: true }] } },
    { type: EventType.TEXT_MESSAGE_START, messageId: 'msg-1', role: 'assistant' },
    { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'msg-1', delta: 'Checking the ' },
    { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'msg-1', delta: 'forecast.\n\n' },
    { type: EventType.TEXT_MESSAGE_END, messageId: 'msg-1' },
    {
      type: EventType.TOOL_CALL_START,
      toolCallId: 'call-1',
      toolCallName: 'get_weather',
      parentMessageId: 'msg-1',
    },
    { type: EventType.TOOL_CALL_ARGS, toolCallId: 'call-1', delta: '{"city":"Os' },
    { type: EventType.TOOL_CALL_ARGS, toolCallId: 'call-1', delta: 'lo","days":2}' },
    { type: EventType.TOOL_CALL_END, toolCallId: 'call-1' },
    {
      type: EventType.TOOL_CALL_RESULT,
      messageId: 'tool-msg-1',
      toolCallId: 'call-1',
      content: '{"tempC":4,"sky":"snow"}',
    },
    {
      type: EventType.STATE_DELTA,
      delta: [
        { op: 'add', path: '/steps/-', value: { name: 'fetch', done: true } },
        { op: 'add', path: '/forecast', value: { tempC: 4, sky: 'snow' } },
      ],
    },
    { type: EventType.TEXT_MESSAGE_CHUNK, messageId: 'msg-2', role: 'assistant', delta: 'Oslo: **4 °C**' },
    { type: EventType.TEXT_MESSAGE_CHUNK, delta: ' and snow.' },
    { type: EventType.CUSTOM, name: 'progress', value: { percent: 100 } },
    {
      type: EventType.MESSAGES_SNAPSHOT,
      messages: [{ id: 'msg-2', role: 'assistant', content: 'Oslo: **4 °C** and snow.' }],
    },
    {
      type: EventType.RUN_FINISHED,
      threadId: THREAD,
      runId,
      outcome: { type: 'success' },
      result: { answered: true },
      usage: [
        {
          provider: 'openai',
          model: 'gpt-x',
          inputTokens: 120,
          outputTokens: 40,
          reasoningTokens: 8,
          totalTokens: 160,
        },
        { provider: 'openai', model: 'gpt-y', inputTokens: 30, outputTokens: 10, totalTokens: 40 },
      ],
    },
  ]
}

/** A run that stops for a human: a tool call in chunk form, an activity, then an interrupt outcome. */
export function approvalRun(runId = 'run-2'): AGUIEvent[] {
  return [
    {
      type: EventType.RUN_STARTED,
      threadId: THREAD,
      runId,
      input: { threadId: THREAD, runId, messages: [], tools: [], context: [], state: { drafts: 0 } },
    },
    { type: EventType.TEXT_MESSAGE_CHUNK, messageId: 'msg-3', delta: 'I drafted the email; ' },
    { type: EventType.TEXT_MESSAGE_CHUNK, messageId: 'msg-3', delta: 'it needs your approval.' },
    {
      type: EventType.TOOL_CALL_CHUNK,
      toolCallId: 'call-2',
      toolCallName: 'send_email',
      parentMessageId: 'msg-3',
      delta: '{"to":"ops@example.com",',
    },
    { type: EventType.TOOL_CALL_CHUNK, delta: '"subject":"Snow day"}' },
    { type: EventType.STATE_DELTA, delta: [{ op: 'replace', path: '/drafts', value: 1 }] },
    {
      type: EventType.ACTIVITY_SNAPSHOT,
      messageId: 'act-1',
      activityType: 'checklist',
      content: { items: ['draft'] },
    },
    {
      type: EventType.ACTIVITY_DELTA,
      messageId: 'act-1',
      activityType: 'checklist',
      patch: [{ op: 'add', path: '/items/-', value: 'approve' }],
    },
    { type: EventType.RAW, source: 'langgraph', event: { event: 'on_interrupt', node: 'human_review' } },
    {
      type: EventType.RUN_FINISHED,
      threadId: THREAD,
      runId,
      outcome: {
        type: 'interrupt',
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
    },
  ]
}

/** A run that fails after some text: RUN_ERROR keeps what arrived. */
export function failingRun(runId = 'run-3'): AGUIEvent[] {
  return [
    { type: EventType.RUN_STARTED, threadId: THREAD, runId },
    { type: EventType.TEXT_MESSAGE_START, messageId: 'msg-4' },
    { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'msg-4', delta: 'Looking that up' },
    { type: EventType.TEXT_MESSAGE_END, messageId: 'msg-4' },
    { type: EventType.RUN_ERROR, message: 'Upstream model timed out', code: 'model_timeout' },
  ]
}

/** The recorded runs, by fixture file name under test/fixtures/ag-ui. */
export const AG_UI_RUNS = {
  'weather-state-tools.sse': weatherRun,
  'approval-interrupt.sse': approvalRun,
  'run-error.sse': failingRun,
} as const satisfies Record<string, () => AGUIEvent[]>

/** One SSE event per string, as an AG-UI server writes them; throws if one is not a valid AG-UI event. */
export function encodeRunEvents(events: readonly AGUIEvent[]): string[] {
  const encoder = new EventEncoder()
  return events.map((event) => {
    EventSchema.parse(event)
    return encoder.encode(event)
  })
}

/** The whole SSE body for these events. */
export function encodeRun(events: readonly AGUIEvent[]): string {
  return encodeRunEvents(events).join('')
}

/** The content type the encoder negotiates for a client that asks for SSE. */
export function contentTypeFor(accept: string | undefined): string {
  return new EventEncoder(accept === undefined ? {} : { accept }).getContentType()
}
