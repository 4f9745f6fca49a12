// The AG-UI decoder: one switch over the event types of AG-UI 1.0. Just over 300 lines: the streamed
// families (text, tool calls, reasoning) live in ag-ui-streams.ts and patches in json-patch.ts; what
// is left is the rest of one spec's mapping (run, steps, state, activities, sub-agents), read top to
// bottom next to docs/ag-ui.md.
import type { AgentEvent, FinishReason, Frame } from '../core/index.js'
import {
  AgUiViolation,
  createAgUiStreams,
  type Lane,
  optionalString,
  requiredString,
  violation,
} from './ag-ui-streams.js'
import { applyJsonPatch } from './json-patch.js'
import { type Diagnose, defineProtocol, parseFrameRecord } from './kit.js'
import {
  dataEvent,
  errorEvent,
  finishEvent,
  isRecord,
  type JsonRecord,
  makeUsage,
  numberOf,
  recordOf,
  stringOf,
} from './shared.js'

/** Every event type of AG-UI 1.0, by the family that handles it. */
const STREAM_FAMILIES: Readonly<Record<string, Lane>> = {
  TEXT_MESSAGE_START: 'text',
  TEXT_MESSAGE_CONTENT: 'text',
  TEXT_MESSAGE_END: 'text',
  TEXT_MESSAGE_CHUNK: 'text',
  TOOL_CALL_START: 'tool',
  TOOL_CALL_ARGS: 'tool',
  TOOL_CALL_END: 'tool',
  TOOL_CALL_CHUNK: 'tool',
  TOOL_CALL_RESULT: 'tool',
  REASONING_START: 'reasoning',
  REASONING_MESSAGE_START: 'reasoning',
  REASONING_MESSAGE_CONTENT: 'reasoning',
  REASONING_MESSAGE_END: 'reasoning',
  REASONING_MESSAGE_CHUNK: 'reasoning',
  REASONING_END: 'reasoning',
}
const OTHER_TYPES = [
  'RUN_STARTED',
  'RUN_FINISHED',
  'RUN_ERROR',
  'STEP_STARTED',
  'STEP_FINISHED',
  'STATE_SNAPSHOT',
  'STATE_DELTA',
  'MESSAGES_SNAPSHOT',
  'ACTIVITY_SNAPSHOT',
  'ACTIVITY_DELTA',
  'RAW',
  'CUSTOM',
  'REASONING_ENCRYPTED_VALUE',
  'SUBAGENT_STARTED',
  'SUBAGENT_FINISHED',
  'SUBAGENT_ERROR',
]

/** The AG-UI event type names (`auto` recognises the protocol by them). */
export const AG_UI_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...Object.keys(STREAM_FAMILIES),
  ...OTHER_TYPES,
])

/** Events that stand aside from chunk assembly: they end no chunk-form stream. */
const KEEPS_CHUNKS: ReadonlySet<string> = new Set([
  'RAW',
  'ACTIVITY_SNAPSHOT',
  'ACTIVITY_DELTA',
  'REASONING_ENCRYPTED_VALUE',
  'SUBAGENT_STARTED',
])
const CHUNK_LANES: Readonly<Record<string, Lane>> = {
  TEXT_MESSAGE_CHUNK: 'text',
  TOOL_CALL_CHUNK: 'tool',
  REASONING_MESSAGE_CHUNK: 'reasoning',
}

/** Ids of the data parts the decoder replaces as they change. */
const STATE_ID = 'ag-ui-state'

/** Sums AG-UI's per-model TokenUsage entries. */
function usageOf(value: unknown): ReturnType<typeof makeUsage> {
  if (!Array.isArray(value)) return undefined
  const sum = (key: string) => {
    const counts = value.flatMap((entry) => {
      const count = numberOf(recordOf(entry)?.[key])
      return count === undefined ? [] : [count]
    })
    return counts.length === 0 ? undefined : counts.reduce((total, count) => total + count, 0)
  }
  return makeUsage({
    inputTokens: sum('inputTokens'),
    outputTokens: sum('outputTokens'),
    reasoningTokens: sum('reasoningTokens'),
    totalTokens: sum('totalTokens'),
  })
}

/** Applies a STATE_DELTA / ACTIVITY_DELTA patch: malformed is a violation, not applying keeps the value. */
function patched(value: unknown, patch: unknown, what: string, diagnose: Diagnose, frame: Frame) {
  const result = applyJsonPatch(value, patch)
  if (result.status === 'malformed') violation(`malformed ${what} patch: ${result.message}`)
  if (result.status === 'failed') {
    diagnose('malformed', `ag-ui: ${what} patch not applied, the value is kept: ${result.message}`, frame)
    return { applied: false as const }
  }
  for (const message of result.skipped) diagnose('unknown-event', `ag-ui: ${what} patch: ${message}`, frame)
  return { applied: true as const, value: result.value }
}

/**
 * AG-UI (Agent-User Interaction protocol) 1.0 events over SSE, as `@ag-ui/encoder` writes them: one
 * JSON event per `data:` line, discriminated by an upper-case `type`.
 *
 * - Text, tool calls and reasoning, in the explicit (START / CONTENT or ARGS / END) and the chunk
 *   forms, become text, tool-call and reasoning events; TOOL_CALL_RESULT becomes a tool result.
 * - STATE_SNAPSHOT and STATE_DELTA (an RFC 6902 patch) keep the agent state; each change emits it
 *   whole as data 'agent-state' (id 'ag-ui-state', so it replaces the last one).
 * - RUN_FINISHED finishes: an interrupt outcome as 'interrupted' after data 'interrupt', a cancelled
 *   one as 'cancelled', calls left without a result as 'tool-calls'. RUN_ERROR is an error.
 * - Sequence violations (content for a message nothing opened, a call opened twice) and malformed
 *   fields the decoder needs are in-band errors, as the AG-UI processing model requires; unknown
 *   event types are skipped. docs/ag-ui.md has the whole mapping.
 */
export const agUiProtocol = defineProtocol('ag-ui', (_options, diagnose) => {
  const streams = createAgUiStreams(diagnose)
  /** The state a STATE_DELTA patches: the input's state when RUN_STARTED echoes it, else {}. */
  let state: unknown = {}
  const activities = new Map<string, { activityType: string; content: unknown }>()
  const subagents = new Map<string, JsonRecord>()
  let closed: 'finished' | 'failed' | undefined

  function runFinished(event: JsonRecord, events: AgentEvent[]): void {
    const type = 'RUN_FINISHED'
    const outcome = event.outcome ?? undefined
    if (outcome !== undefined && !isRecord(outcome)) violation(`${type}: 'outcome' must be an object`)
    const outcomeType = outcome === undefined ? 'success' : requiredString(outcome, `${type} outcome`, 'type')
    const pending = streams.finishRun(events)
    if (event.result !== undefined) events.push(dataEvent('run-result', event.result, 'ag-ui-result'))
    let reason: FinishReason = pending ? 'tool-calls' : 'stop'
    if (outcomeType === 'interrupt') {
      const interrupts = (outcome as JsonRecord).interrupts
      if (!Array.isArray(interrupts)) violation(`${type}: an interrupt outcome needs 'interrupts'`)
      const payload: JsonRecord = { interrupts }
      for (const key of ['threadId', 'runId'] as const)
        if (typeof event[key] === 'string') payload[key] = event[key]
      events.push(dataEvent('interrupt', payload, 'ag-ui-interrupt'))
      reason = 'interrupted'
    } else if (outcomeType === 'cancelled') reason = 'cancelled'
    else if (outcomeType !== 'success')
      diagnose('unknown-event', `ag-ui: unknown outcome '${outcomeType}' read as success`)
    events.push(finishEvent(reason, usageOf(event.usage)))
    closed = 'finished'
  }

  function subagent(type: string, event: JsonRecord): AgentEvent {
    const id = requiredString(event, type, 'subagentRunId')
    const info: JsonRecord = { ...subagents.get(id), subagentRunId: id }
    if (type === 'SUBAGENT_STARTED') {
      info.name = requiredString(event, type, 'name')
      info.status = 'running'
      const description = optionalString(event, type, 'description')
      if (description !== undefined) info.description = description
    } else if (type === 'SUBAGENT_FINISHED') {
      info.status = stringOf(recordOf(event.outcome)?.type) === 'suspended' ? 'suspended' : 'finished'
      if (event.result !== undefined) info.result = event.result
    } else {
      info.status = 'failed'
      info.error = requiredString(event, type, 'message')
    }
    subagents.set(id, info)
    return dataEvent('subagent', info, `ag-ui-subagent:${id}`)
  }

  function decodeEvent(type: string, event: JsonRecord, frame: Frame, events: AgentEvent[]): void {
    const family = STREAM_FAMILIES[type]
    if (family !== undefined) {
      streams[family](type, event, events)
      return
    }
    switch (type) {
      case 'RUN_STARTED': {
        const input = recordOf(event.input)
        if (input !== undefined && input.state !== undefined) state = input.state
        return
      }
      case 'RUN_FINISHED':
        runFinished(event, events)
        return
      case 'RUN_ERROR':
        events.push(errorEvent(stringOf(event.message) || 'The agent run failed', stringOf(event.code)))
        closed = 'failed'
        return
      case 'STEP_STARTED':
      case 'STEP_FINISHED': {
        const stepName = requiredString(event, type, 'stepName')
        const status = type === 'STEP_STARTED' ? 'running' : 'finished'
        events.push(dataEvent('step', { stepName, status }, `ag-ui-step:${stepName}`))
        return
      }
      case 'STATE_SNAPSHOT':
        if (!('snapshot' in event)) violation(`${type} needs a 'snapshot'`)
        state = event.snapshot
        events.push(dataEvent('agent-state', state, STATE_ID))
        return
      case 'STATE_DELTA': {
        const result = patched(state, event.delta, 'STATE_DELTA', diagnose, frame)
        if (!result.applied) return
        state = result.value
        events.push(dataEvent('agent-state', state, STATE_ID))
        return
      }
      case 'MESSAGES_SNAPSHOT':
        if (!Array.isArray(event.messages)) violation(`${type} needs a 'messages' list`)
        events.push(dataEvent('messages-snapshot', event.messages, 'ag-ui-messages'))
        return
      case 'ACTIVITY_SNAPSHOT':
      case 'ACTIVITY_DELTA': {
        const messageId = requiredString(event, type, 'messageId')
        const activityType = requiredString(event, type, 'activityType')
        const known = activities.get(messageId)
        let content: unknown
        if (type === 'ACTIVITY_SNAPSHOT') {
          if (!isRecord(event.content)) violation(`${type} needs a 'content' object`)
          // `replace: false` asks to keep an activity that is already there.
          if (known !== undefined && event.replace === false) return
          content = event.content
        } else if (known === undefined) {
          diagnose(
            'malformed',
            `ag-ui: ${type} for activity '${messageId}' before its snapshot; skipped`,
            frame,
          )
          return
        } else {
          const result = patched(known.content, event.patch, type, diagnose, frame)
          if (!result.applied) return
          content = result.value
        }
        activities.set(messageId, { activityType, content })
        events.push(
          dataEvent('activity', { messageId, activityType, content }, `ag-ui-activity:${messageId}`),
        )
        return
      }
      case 'RAW': {
        if (!('event' in event)) violation(`${type} needs an 'event'`)
        const source = optionalString(event, type, 'source')
        events.push(
          dataEvent('raw', source === undefined ? { event: event.event } : { event: event.event, source }),
        )
        return
      }
      case 'CUSTOM':
        events.push(dataEvent(requiredString(event, type, 'name'), event.value))
        return
      case 'REASONING_ENCRYPTED_VALUE': {
        const subtype = requiredString(event, type, 'subtype')
        const entityId = requiredString(event, type, 'entityId')
        const encryptedValue = requiredString(event, type, 'encryptedValue')
        const data = { subtype, entityId, encryptedValue }
        events.push(dataEvent('reasoning-encrypted-value', data, `ag-ui-encrypted:${subtype}:${entityId}`))
        return
      }
      default:
        events.push(subagent(type, event))
    }
  }

  return {
    decode(frame) {
      const value = parseFrameRecord(frame, diagnose, 'ag-ui')
      if (value === undefined) return []
      if (typeof value.type !== 'string') {
        diagnose('malformed', "ag-ui: event has no string 'type'", frame)
        return []
      }
      const type = value.type
      if (!AG_UI_EVENT_TYPES.has(type)) {
        diagnose('unknown-event', `ag-ui: skipped event '${type}'`, frame)
        return []
      }
      if (closed !== undefined) {
        // After a run closes only a new run, or a late failure of a finished one, may follow.
        if (type === 'RUN_STARTED') {
          closed = undefined
          streams.reset()
          activities.clear()
          subagents.clear()
        } else if (!(type === 'RUN_ERROR' && closed === 'finished')) {
          diagnose('unexpected', `ag-ui: skipped ${type} after the run ended`, frame)
          return []
        }
      }
      const events: AgentEvent[] = []
      try {
        if (!KEEPS_CHUNKS.has(type)) streams.closeChunks(events, CHUNK_LANES[type])
        decodeEvent(type, value, frame, events)
      } catch (error) {
        if (!(error instanceof AgUiViolation)) throw error
        closed = 'failed'
        events.push(errorEvent(`AG-UI protocol violation: ${error.message}`, 'protocol_violation'))
      }
      return events
    },
    // RUN_FINISHED or RUN_ERROR ends every run; a clean end of body before either is a drop.
    hasTerminalEvent: true,
    end() {
      if (closed === undefined) diagnose('unexpected', 'ag-ui: stream ended before RUN_FINISHED or RUN_ERROR')
      return []
    },
  }
})
