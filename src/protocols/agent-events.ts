import type { AgentEvent, FinishReason, Usage } from '../core/index.js'
import { defineProtocol, isDoneSentinel, parseFrameRecord } from './kit.js'
import { errorEvent, finishEvent, isRecord, type JsonRecord, numberOf, stringOf } from './shared.js'

const FINISH_REASONS: ReadonlySet<string> = new Set<FinishReason>([
  'stop',
  'length',
  'tool-calls',
  'content-filter',
  'error',
  'cancelled',
  'interrupted',
  'other',
])

function usageOf(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined
  const usage: Usage = {}
  for (const key of ['inputTokens', 'outputTokens', 'reasoningTokens', 'totalTokens'] as const) {
    const count = numberOf(value[key])
    if (count !== undefined) usage[key] = count
  }
  return Object.keys(usage).length > 0 ? usage : undefined
}

/**
 * Validates one event of the kit's own protocol and copies only its known fields. Returns a string
 * (the reason) when the object is not a valid event.
 */
export function readAgentEvent(value: JsonRecord, type: string): AgentEvent | string {
  const text = stringOf(value.text)
  const id = stringOf(value.id)
  switch (type) {
    case 'message-start': {
      const event: Extract<AgentEvent, { type: 'message-start' }> = { type }
      const messageId = stringOf(value.messageId)
      const agent = stringOf(value.agent)
      if (messageId !== undefined) event.messageId = messageId
      if (agent !== undefined) event.agent = agent
      return event
    }
    case 'text-delta':
    case 'reasoning-delta':
      return text === undefined ? `${type} needs a string 'text'` : { type, text }
    case 'reasoning-end': {
      const signature = stringOf(value.signature)
      return signature === undefined ? { type } : { type, signature }
    }
    case 'tool-call-start': {
      const name = stringOf(value.name)
      return id === undefined || name === undefined ? `${type} needs 'id' and 'name'` : { type, id, name }
    }
    case 'tool-call-delta': {
      const argsText = stringOf(value.argsText)
      return id === undefined || argsText === undefined
        ? `${type} needs 'id' and 'argsText'`
        : { type, id, argsText }
    }
    case 'tool-call-end':
      if (id === undefined) return `${type} needs 'id'`
      return 'args' in value ? { type, id, args: value.args } : { type, id }
    case 'tool-result':
      return id === undefined ? `${type} needs 'id'` : { type, id, result: value.result }
    case 'tool-error': {
      const error = stringOf(value.error)
      return id === undefined || error === undefined ? `${type} needs 'id' and 'error'` : { type, id, error }
    }
    case 'tool-approval-request': {
      if (id === undefined) return `${type} needs 'id'`
      const approvalId = stringOf(value.approvalId)
      return approvalId === undefined ? { type, id } : { type, id, approvalId }
    }
    case 'tool-denied': {
      if (id === undefined) return `${type} needs 'id'`
      const reason = stringOf(value.reason)
      return reason === undefined ? { type, id } : { type, id, reason }
    }
    case 'agent-start': {
      const agent = stringOf(value.agent)
      if (agent === undefined) return `${type} needs 'agent'`
      const messageId = stringOf(value.messageId)
      return messageId === undefined ? { type, agent } : { type, agent, messageId }
    }
    case 'data': {
      const name = stringOf(value.name)
      if (name === undefined) return `${type} needs 'name'`
      const event: Extract<AgentEvent, { type: 'data' }> = { type, name, data: value.data }
      if (id !== undefined) event.id = id
      if (value.transient === true) event.transient = true
      return event
    }
    case 'error': {
      const message = stringOf(value.message)
      return message === undefined ? `${type} needs 'message'` : errorEvent(message, stringOf(value.code))
    }
    case 'finish': {
      const reason = stringOf(value.reason)
      return finishEvent(
        reason !== undefined && FINISH_REASONS.has(reason) ? (reason as FinishReason) : undefined,
        usageOf(value.usage),
      )
    }
    default:
      return `unknown event type '${type}'`
  }
}

/**
 * The kit's own protocol, recommended to new backends (docs/protocol.md): one `AgentEvent` as JSON
 * per SSE `data:`, with an `id:` per event for resume. The SSE `event:` field is optional; when the
 * JSON has no `type`, the `event:` name is used. `data: [DONE]` is tolerated and ignored. Events with
 * an unknown type or missing fields are skipped with a diagnostic; unknown extra fields are dropped.
 */
export const agentEventsProtocol = defineProtocol('agent-events', (_options, diagnose) => ({
  decode(frame) {
    if (isDoneSentinel(frame.data)) return []
    const value = parseFrameRecord(frame, diagnose, 'agent-events')
    if (value === undefined) return []
    const type = stringOf(value.type) ?? frame.event
    if (type === undefined) {
      diagnose('malformed', "agent-events: event has no 'type'", frame)
      return []
    }
    const event = readAgentEvent(value, type)
    if (typeof event === 'string') {
      diagnose(event.startsWith('unknown') ? 'unknown-event' : 'malformed', `agent-events: ${event}`, frame)
      return []
    }
    return [event]
  },
  // every response ends with `finish` or `error` (docs/resumable-streams.md).
  hasTerminalEvent: true,
  end: () => [],
}))
