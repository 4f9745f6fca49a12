import type { AgentEvent, WireToolCall } from '../core/index.js'

/** A scripted answer: the events a mock agent streams, in order. */
export interface Scenario {
  name: string
  description: string
  events: AgentEvent[]
  /**
   * Interactive scenarios: the answer to a continuation, from the tool calls of the last assistant
   * message in the request body (their results and approval decisions). Undefined: the request is
   * answered with `events`, as a first turn.
   */
  continue?: (toolCalls: readonly WireToolCall[]) => AgentEvent[] | undefined
}

const markdownAnswer = `## Streaming responses over SSE

Server-sent events keep **one HTTP response open** and push small frames as the model produces
tokens. Three things make them *reliable* on bad networks:

1. Event ids, so a dropped stream can resume with \`Last-Event-ID\`.
2. Heartbeats, so a silent proxy cut is noticed within seconds.
3. Backoff with full jitter, so a crowd of clients does not reconnect at once.

\`\`\`ts
const { messages, status, send } = useStreamingChat({ api: '/api/chat' })
send('Hello')
\`\`\`

| transport | resumable | bidirectional |
| --- | --- | --- |
| SSE | yes, with event ids | no |
| WebSocket | with sequence numbers | yes |

> Tip: keep the answer text in the store, not in component state.

That is all it takes.`

/** Splits text into small chunks the way a tokenizer would: words with their spacing. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? []
}

const textDeltas = (text: string): AgentEvent[] =>
  tokenize(text).map((delta) => ({ type: 'text-delta', text: delta }))

/** A tool call with its whole arguments in one delta. */
function toolCall(id: string, name: string, args: unknown): AgentEvent[] {
  return [
    { type: 'tool-call-start', id, name },
    { type: 'tool-call-delta', id, argsText: JSON.stringify(args) },
    { type: 'tool-call-end', id, args },
  ]
}

const DELETE_ARGS = { path: '/tmp/report.txt' }

/** Scenarios that wait for the client: an approval, a client-side tool (docs/tools.md). */
const interactive: Record<string, Scenario> = {
  approval: {
    name: 'approval',
    description: 'Asks approval to run delete_file; the continuation carries the decision.',
    events: [
      ...textDeltas('I can delete that file, but I need your approval first.'),
      ...toolCall('call-delete', 'delete_file', DELETE_ARGS),
      { type: 'tool-approval-request', id: 'call-delete', approvalId: 'approval-delete' },
      { type: 'finish', reason: 'tool-calls' },
    ],
    continue(toolCalls) {
      const call = toolCalls.find((candidate) => candidate.id === 'call-delete')
      if (call?.approval?.approved === undefined) return undefined
      if (call.approval.approved) {
        return [
          { type: 'tool-result', id: 'call-delete', result: { deleted: true, ...DELETE_ARGS } },
          ...textDeltas(' Done: I deleted /tmp/report.txt.'),
          { type: 'finish', reason: 'stop' },
        ]
      }
      const reason = call.approval.reason ? ` (your reason: ${call.approval.reason})` : ''
      return [
        ...textDeltas(` I did not delete /tmp/report.txt: you denied it${reason}.`),
        { type: 'finish', reason: 'stop' },
      ]
    },
  },
  'client-tool': {
    name: 'client-tool',
    description: 'Asks the browser for get_location (a client tool); the answer uses its result.',
    events: [
      ...textDeltas('Let me find out where you are.'),
      ...toolCall('call-location', 'get_location', {}),
      { type: 'finish', reason: 'tool-calls' },
    ],
    continue(toolCalls) {
      const call = toolCalls.find((candidate) => candidate.id === 'call-location')
      if (call === undefined) return undefined
      const city = (call.result as { city?: unknown } | undefined)?.city
      const text =
        call.error !== undefined
          ? ` I could not get your location: ${call.error}.`
          : ` You are in ${typeof city === 'string' ? city : 'an unknown place'}.`
      return [...textDeltas(text), { type: 'finish', reason: 'stop' }]
    },
  },
  'client-tool-loop': {
    name: 'client-tool-loop',
    description: 'Asks for get_location again after every result (tests the continuation cap).',
    events: [...toolCall('call-location-0', 'get_location', {}), { type: 'finish', reason: 'tool-calls' }],
    continue: (toolCalls) => [
      ...toolCall(`call-location-${toolCalls.length}`, 'get_location', {}),
      { type: 'finish', reason: 'tool-calls' },
    ],
  },
}

/** The built-in scenarios, by name. */
export const scenarios: Readonly<Record<string, Scenario>> = {
  markdown: {
    name: 'markdown',
    description: 'A markdown answer with a list, a code block and a table.',
    events: [...textDeltas(markdownAnswer), { type: 'finish', reason: 'stop' }],
  },
  thinking: {
    name: 'thinking',
    description: 'Reasoning first, then a short answer.',
    events: [
      ...tokenize('The user wants a haiku about streams. Five, seven, five syllables.').map(
        (text): AgentEvent => ({ type: 'reasoning-delta', text }),
      ),
      { type: 'reasoning-end' },
      ...textDeltas('Bytes drift down the wire,\nevery token finds its place,\nthe answer arrives.'),
      { type: 'finish', reason: 'stop' },
    ],
  },
  'tool-calls': {
    name: 'tool-calls',
    description: 'A weather tool call with streamed arguments, its result, then the answer.',
    events: [
      { type: 'text-delta', text: 'Let me check the weather. ' },
      { type: 'tool-call-start', id: 'call-1', name: 'get_weather' },
      { type: 'tool-call-delta', id: 'call-1', argsText: '{"city":' },
      { type: 'tool-call-delta', id: 'call-1', argsText: ' "Par' },
      { type: 'tool-call-delta', id: 'call-1', argsText: 'is", "unit": "C"}' },
      { type: 'tool-call-end', id: 'call-1' },
      { type: 'tool-result', id: 'call-1', result: { temperature: 18, sky: 'cloudy' } },
      ...textDeltas('It is **18 °C** and cloudy in Paris.'),
      { type: 'finish', reason: 'stop' },
    ],
  },
  'multi-agent': {
    name: 'multi-agent',
    description: 'A researcher and a writer, each in its own assistant message.',
    events: [
      { type: 'agent-start', agent: 'researcher' },
      ...textDeltas('Found three sources on SSE reconnection.'),
      { type: 'agent-start', agent: 'writer' },
      ...textDeltas('Summary: resume with Last-Event-ID, back off with jitter.'),
      { type: 'finish', reason: 'stop' },
    ],
  },
  ...interactive,
}

/**
 * The events that answer a request for a scenario: its continuation when the request body's last
 * message is an assistant message with tool calls the scenario can answer, else its first turn.
 */
export function scenarioEventsFor(scenario: Scenario, body: unknown): AgentEvent[] {
  if (scenario.continue === undefined) return scenario.events
  const messages = (body as { messages?: unknown } | null)?.messages
  const last = Array.isArray(messages)
    ? (messages.at(-1) as { role?: unknown; toolCalls?: unknown })
    : undefined
  if (last?.role !== 'assistant' || !Array.isArray(last.toolCalls)) return scenario.events
  return scenario.continue(last.toolCalls as WireToolCall[]) ?? scenario.events
}

export function getScenario(name: string): Scenario {
  return scenarios[name] ?? (scenarios.markdown as Scenario)
}

const WORDS = ['stream', 'token', 'agent', 'resume', 'jitter', 'frame', 'socket', 'reply', 'event', 'delta']

/** A long deterministic answer of `count` text deltas (for soak tests and benchmarks). */
export function longScenario(count: number): Scenario {
  const events: AgentEvent[] = []
  for (let index = 0; index < count; index++) {
    const word = WORDS[(index * 7 + (index >> 3)) % WORDS.length] as string
    events.push({ type: 'text-delta', text: index % 12 === 11 ? `${word}.\n` : `${word} ` })
  }
  events.push({ type: 'finish', reason: 'stop' })
  return { name: `long-${count}`, description: `${count} generated text deltas`, events }
}

/** The answer's visible text, as a client should end up with it. */
export function scenarioText(scenario: Scenario): string {
  let text = ''
  for (const event of scenario.events) if (event.type === 'text-delta') text += event.text
  return text
}
