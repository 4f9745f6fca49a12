import type { AgentEvent } from '../core/index.js'

/** A scripted answer: the events a mock agent streams, in order. */
export interface Scenario {
  name: string
  description: string
  events: AgentEvent[]
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

/** The built-in scenarios, by name. */
export const scenarios: Readonly<Record<string, Scenario>> = {
  markdown: {
    name: 'markdown',
    description: 'A markdown answer with a list, a code block and a table.',
    events: [
      ...tokenize(markdownAnswer).map((text): AgentEvent => ({ type: 'text-delta', text })),
      { type: 'finish', reason: 'stop' },
    ],
  },
}

export function getScenario(name: string): Scenario {
  return scenarios[name] ?? (scenarios.markdown as Scenario)
}
