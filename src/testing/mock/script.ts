import type { AgentEvent } from '../../core/index.js'
import { getScenario, longScenario, type Scenario, scenarios } from '../scenarios.js'

/** What a designer picks about the answer itself. */
export interface ScriptOptions {
  /** A built-in scenario name or a custom scenario. @default 'markdown' */
  scenario?: string | Scenario | undefined
  /** Start with a thinking (reasoning) block; `false` strips it. @default the scenario's own */
  thinking?: boolean | undefined
  /** Include a tool call with streamed arguments and a result; `false` strips them. @default the scenario's own */
  toolCalls?: boolean | undefined
  /** A long generated answer instead of the scenario: `true` = 2000 tokens, or a token count. @default false */
  longAnswer?: boolean | number | undefined
  /** Characters per text chunk; unset keeps the scenario's word-sized tokens. @default undefined */
  chunkSize?: number | undefined
}

/** The answer without options: the 'markdown' scenario; `longAnswer: true` is this many tokens. */
export const DEFAULT_SCRIPT_OPTIONS = Object.freeze({
  scenario: 'markdown',
  longAnswerTokens: 2000,
})

const isReasoning = (event: AgentEvent) => event.type === 'reasoning-delta' || event.type === 'reasoning-end'
const isTool = (event: AgentEvent) =>
  event.type === 'tool-call-start' ||
  event.type === 'tool-call-delta' ||
  event.type === 'tool-call-end' ||
  event.type === 'tool-result' ||
  event.type === 'tool-error'

/** The events one answer streams, from the scenarios (the same ones the Node server plays). */
export function buildScript(options: ScriptOptions): AgentEvent[] {
  let events: AgentEvent[]
  if (options.longAnswer) {
    const count =
      typeof options.longAnswer === 'number' ? options.longAnswer : DEFAULT_SCRIPT_OPTIONS.longAnswerTokens
    events = [...longScenario(count).events]
  } else if (typeof options.scenario === 'object') events = [...options.scenario.events]
  else events = [...getScenario(options.scenario ?? DEFAULT_SCRIPT_OPTIONS.scenario).events]

  if (options.toolCalls === false) events = events.filter((event) => !isTool(event))
  else if (options.toolCalls === true && !events.some(isTool)) {
    const call = (scenarios['tool-calls'] as Scenario).events.filter(isTool)
    events = [...call, ...events]
  }
  if (options.thinking === false) events = events.filter((event) => !isReasoning(event))
  else if (options.thinking === true && !events.some(isReasoning)) {
    const thoughts = (scenarios.thinking as Scenario).events.filter(isReasoning)
    events = [...thoughts, ...events]
  }
  return options.chunkSize === undefined ? events : rechunk(events, options.chunkSize)
}

/** Re-cuts runs of text (or reasoning) deltas into chunks of `size` characters, never splitting a surrogate pair. */
export function rechunk(events: readonly AgentEvent[], size: number): AgentEvent[] {
  const width = Math.max(1, Math.floor(size))
  const out: AgentEvent[] = []
  let run: { type: 'text-delta' | 'reasoning-delta'; text: string } | undefined
  const flush = () => {
    if (run === undefined) return
    for (const piece of splitText(run.text, width)) out.push({ type: run.type, text: piece })
    run = undefined
  }
  for (const event of events) {
    if (event.type === 'text-delta' || event.type === 'reasoning-delta') {
      if (run?.type !== event.type) flush()
      run = { type: event.type, text: (run?.text ?? '') + event.text }
      continue
    }
    flush()
    out.push(event)
  }
  flush()
  return out
}

function splitText(text: string, width: number): string[] {
  const pieces: string[] = []
  let offset = 0
  while (offset < text.length) {
    let end = Math.min(text.length, offset + width)
    const last = text.charCodeAt(end - 1)
    // A high surrogate at the cut would leave half an emoji in each chunk.
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++
    pieces.push(text.slice(offset, end))
    offset = end
  }
  return pieces
}
