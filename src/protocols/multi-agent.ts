import type { AgentEvent } from '../core/index.js'
import {
  createFinishOnce,
  createReasoningLane,
  defineProtocol,
  isDoneSentinel,
  parseFrameRecord,
} from './kit.js'
import {
  argsValue,
  dataEvent,
  errorEvent,
  errorMessageOf,
  finishEvent,
  type JsonRecord,
  stringOf,
  toolEndEvent,
} from './shared.js'

interface CallRecord {
  id: string
  name: string
  answered: boolean
}

function firstString(value: JsonRecord, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const found = stringOf(value[key])
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * Multi-agent events, as agent frameworks (CrewAI / AutoGen / LangGraph supervisors behind a
 * FastAPI endpoint) commonly stream them, one JSON object per `data:` with the kind in `type`
 * (or `event`, or the SSE `event:` field):
 *
 * - `agent_start {agent}` opens a new assistant message labelled with the agent's name; an
 *   `agent_stream` or `tool_call` from another agent than the current one opens one as well.
 * - `agent_stream {agent, content}` is text (`delta` / `text` / `token` accepted too);
 *   `agent_thinking` / `agent_reasoning` is reasoning.
 * - `tool_call {agent, id?, name | tool, args | arguments | input}` is a whole tool call;
 *   `tool_result {id? | tool?, result | output}` and `tool_error` answer it (matched by id, else by
 *   tool name, else the latest unanswered call).
 * - `handoff {from, to}` becomes a data event; `agent_end` is quiet; `done` / `finish` / `end`
 *   finishes (without one, the session completes a cleanly ended stream); `error` is an error event.
 */
export const multiAgentProtocol = defineProtocol('multi-agent', (_options, diagnose) => {
  let currentAgent: string | undefined
  const reasoning = createReasoningLane()
  let generated = 0
  const calls: CallRecord[] = []

  function switchAgent(agent: string | undefined, events: AgentEvent[], force: boolean): void {
    if (agent === undefined || (!force && agent === currentAgent)) return
    reasoning.close(events)
    currentAgent = agent
    events.push({ type: 'agent-start', agent })
  }

  function findCall(value: JsonRecord): CallRecord | undefined {
    const id = firstString(value, ['id', 'tool_call_id', 'call_id'])
    if (id !== undefined) return calls.find((call) => call.id === id)
    const name = firstString(value, ['tool', 'tool_name', 'name'])
    const open = calls.filter((call) => !call.answered)
    return (name !== undefined ? open.find((call) => call.name === name) : undefined) ?? open[open.length - 1]
  }

  const finishing = createFinishOnce(() => {
    const events: AgentEvent[] = []
    reasoning.close(events)
    events.push(finishEvent('stop'))
    return events
  })

  return {
    decode(frame) {
      if (finishing.finished) return []
      if (isDoneSentinel(frame.data)) return finishing.finish()
      const value = parseFrameRecord(frame, diagnose, 'multi-agent')
      if (value === undefined) return []
      const type = stringOf(value.type) ?? stringOf(value.event) ?? frame.event
      const agent = firstString(value, ['agent', 'agent_name', 'sender'])
      const events: AgentEvent[] = []
      switch (type) {
        case 'agent_start':
          switchAgent(agent ?? firstString(value, ['name']) ?? 'agent', events, true)
          return events
        case 'agent_stream':
        case 'agent_message': {
          switchAgent(agent, events, false)
          const text = firstString(value, ['content', 'delta', 'text', 'token'])
          reasoning.close(events)
          if (text) events.push({ type: 'text-delta', text })
          return events
        }
        case 'agent_thinking':
        case 'agent_reasoning': {
          switchAgent(agent, events, false)
          reasoning.delta(firstString(value, ['content', 'delta', 'text', 'token']), events)
          return events
        }
        case 'tool_call': {
          switchAgent(agent, events, false)
          reasoning.close(events)
          const name = firstString(value, ['tool', 'tool_name', 'name']) ?? 'tool'
          const id =
            firstString(value, ['id', 'tool_call_id', 'call_id']) ??
            `${currentAgent ?? 'agent'}-tool-${generated++}`
          const rawArgs = value.args ?? value.arguments ?? value.input
          calls.push({ id, name, answered: false })
          events.push({ type: 'tool-call-start', id, name })
          if (rawArgs !== undefined) {
            const argsText = typeof rawArgs === 'string' ? rawArgs : JSON.stringify(rawArgs)
            if (argsText) events.push({ type: 'tool-call-delta', id, argsText })
          }
          events.push(toolEndEvent(id, argsValue(rawArgs)))
          if ('result' in value || 'output' in value) {
            calls[calls.length - 1]!.answered = true
            events.push({ type: 'tool-result', id, result: value.result ?? value.output })
          }
          return events
        }
        case 'tool_result':
        case 'tool_error': {
          const call = findCall(value)
          if (!call) {
            diagnose('unexpected', `multi-agent: ${type} for an unknown tool call`, frame)
            return []
          }
          call.answered = true
          if (type === 'tool_error' || value.error !== undefined) {
            return [
              {
                type: 'tool-error',
                id: call.id,
                error: errorMessageOf(value.error ?? value.content, 'Tool failed'),
              },
            ]
          }
          return [{ type: 'tool-result', id: call.id, result: value.result ?? value.output ?? value.content }]
        }
        case 'handoff':
          return [dataEvent('handoff', value)]
        case 'agent_end':
          reasoning.close(events)
          return events
        case 'done':
        case 'finish':
        case 'end':
          return finishing.finish()
        case 'error':
          return [
            errorEvent(
              errorMessageOf(value.message ?? value.error ?? value.content, 'Agent error'),
              stringOf(value.code),
            ),
          ]
        default:
          diagnose('unknown-event', `multi-agent: skipped event '${String(type)}'`, frame)
          return []
      }
    },
    // The session settles a stream that ends without a finish (end() also runs after a drop).
    // `done` is optional: a clean end of body completes.
    hasTerminalEvent: false,
    end: () => [],
  }
})
