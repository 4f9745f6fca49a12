// The LangGraph decoder. About 300 lines: one decoder for every stream mode the LangGraph Server
// sends, sharing one view of what was already shown (message ids, text per id) so a message that
// arrives in several modes is shown once. The message reading and tool-call assembly live in
// langchain-messages.ts and langchain-emitter.ts, the astream_events mode in langchain.ts.
import type { AgentEvent, Frame, ToolContinuation } from '../core/index.js'
import { createFinishOnce, defineProtocol, parseFrameJson } from './kit.js'
import { decodeStreamEvent } from './langchain.js'
import { createLangChainEmitter } from './langchain-emitter.js'
import { type LangChainMessage, readLangChainMessage } from './langchain-messages.js'
import {
  dataEvent,
  errorEvent,
  errorMessageOf,
  finishEvent,
  isRecord,
  parseJsonOrUndefined,
  recordOf,
  stringOf,
} from './shared.js'

const QUIET_MODES: ReadonlySet<string> = new Set([
  'metadata',
  'debug',
  'tasks',
  'checkpoints',
  'messages/metadata',
])
const MODES: ReadonlySet<string> = new Set([
  'values',
  'updates',
  'messages',
  'messages/partial',
  'messages/complete',
  'custom',
  'events',
  'error',
  'end',
  ...QUIET_MODES,
])

/** Splits `messages|agent:1234` into the stream mode and the subgraph namespace. */
function modeOf(event: string): string {
  const bar = event.indexOf('|')
  return bar === -1 ? event : event.slice(0, bar)
}

function messagesIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value
  const messages = recordOf(value)?.messages
  if (Array.isArray(messages)) return messages
  return messages === undefined ? [] : [messages]
}

/**
 * LangGraph streaming as the LangGraph Server (and most FastAPI wrappers) sends it: SSE with the
 * stream mode as `event:` (`messages|<namespace>` for subgraphs) and the chunk as JSON `data:`.
 * Also accepted: `data: {"event"|"type": <mode>, "data": ...}` and `data: [<mode>, <chunk>]`.
 *
 * - messages (messages-tuple, `[messageChunk, metadata]`): AI chunks give text, reasoning and
 *   tool calls (from `tool_call_chunks`); ToolMessages give tool results. A chunk with a finish
 *   reason (or a new message id) ends the previous message's calls.
 * - messages/partial and messages/complete (legacy "messages" mode): the accumulated message; only
 *   the new suffix is emitted.
 * - updates and values: messages the stream has not shown yet (used only when no messages stream
 *   is present; the first values snapshot is the thread's history and is not replayed).
 *   values also becomes a data event 'values' (id 'langgraph-values', replaced each time);
 *   `__interrupt__` (updates or values) becomes a data event 'interrupt'; a human-in-the-loop
 *   request in it also asks for approval of the tool calls it names, the response finishes with
 *   reason 'tool-calls', and the continuation body carries `{command: {resume: {decisions}}}`
 *   (docs/tools.md).
 * - custom becomes a data event 'custom'; events (astream_events inside LangGraph) is decoded as
 *   by the LangChain decoder; metadata, debug, tasks and checkpoints are skipped quietly.
 * - error becomes an error event; `event: end` finishes the response (without it, the session
 *   completes a cleanly ended stream).
 */
export const langGraphProtocol = defineProtocol('langgraph', (_options, diagnose) => {
  const emitter = createLangChainEmitter()
  /** Message ids already shown (streamed or emitted whole). */
  const seen = new Set<string>()
  /** Text length already shown per message id (legacy accumulated `messages/partial`). */
  const shownText = new Map<string, number>()
  const shownReasoning = new Map<string, number>()
  let sawMessagesStream = false
  let sawValues = false
  let currentAiId: string | undefined
  /** HITL interrupts read so far: the tool call ids of their action requests, in order. */
  const approvals: { interruptId: string | undefined; ids: string[] }[] = []
  const seenInterrupts = new Set<string>()

  const finishing = createFinishOnce(() => {
    const events: AgentEvent[] = []
    emitter.endAll(events)
    // A graph paused for a person's review finishes the way a model waiting on tool results does.
    events.push(finishEvent(approvals.length > 0 ? 'tool-calls' : 'stop'))
    return events
  })

  /**
   * `__interrupt__`: kept as a data event 'interrupt'; a HITL request (LangChain's human-in-the-loop
   * middleware: `{action_requests: [{name, args|arguments}], review_configs}`) also asks for approval
   * of the matching tool calls, opening one for an action request that no streamed call matches.
   */
  function interrupt(value: unknown, events: AgentEvent[]): void {
    const key = JSON.stringify(value)
    if (seenInterrupts.has(key)) return
    seenInterrupts.add(key)
    for (const item of Array.isArray(value) ? value : [value]) {
      const request = recordOf(recordOf(item)?.value)
      const actions = request?.action_requests
      if (!Array.isArray(actions)) continue
      const interruptId = stringOf(recordOf(item)?.id)
      const ids: string[] = []
      for (const raw of actions) {
        const action = recordOf(raw)
        const name = stringOf(action?.name)
        if (action === undefined || name === undefined) continue
        const id = emitter.claimCall(name, action.args ?? action.arguments, events)
        ids.push(id)
        events.push(
          interruptId === undefined
            ? { type: 'tool-approval-request', id }
            : { type: 'tool-approval-request', id, approvalId: interruptId },
        )
      }
      approvals.push({ interruptId, ids })
    }
    events.push(dataEvent('interrupt', value))
  }

  /** `Command(resume=...)` for the HITL interrupts: one decision per action request, in order. */
  function continuationBody(continuation: ToolContinuation): Record<string, unknown> | undefined {
    if (approvals.length === 0) return undefined
    const byId = new Map(continuation.toolCalls.map((call) => [call.id, call]))
    const answers = approvals.map(({ interruptId, ids }) => ({
      interruptId,
      value: {
        decisions: ids.map((id) => {
          const approval = byId.get(id)?.approval
          if (approval?.approved === true) return { type: 'approve' }
          return approval?.reason === undefined
            ? { type: 'reject' }
            : { type: 'reject', message: approval.reason }
        }),
      },
    }))
    // One interrupt resumes with its value; several with a map from interrupt id to value.
    const single = answers.length === 1 || answers.some((answer) => answer.interruptId === undefined)
    const resume = single
      ? (answers[0] as (typeof answers)[number]).value
      : Object.fromEntries(answers.map((answer) => [answer.interruptId, answer.value]))
    return { command: { resume } }
  }

  function streamedChunk(message: LangChainMessage, events: AgentEvent[]): void {
    if (message.role === 'tool') {
      emitter.toolMessage(message, events)
      return
    }
    if (message.role !== 'ai') return
    const runKey = message.id ?? 'message'
    if (currentAiId !== undefined && currentAiId !== runKey) emitter.endRun(currentAiId, events)
    currentAiId = runKey
    if (!message.isChunk && message.id !== undefined && seen.has(message.id)) {
      // A whole message after its own chunks (emitted at the node's end): only close its calls.
      emitter.endRun(runKey, events, message.toolCalls)
      return
    }
    if (message.id !== undefined) seen.add(message.id)
    emitter.aiMessage(message, runKey, events)
  }

  /** A message that may have been shown in part already: emit only what is new. */
  function accumulated(message: LangChainMessage, complete: boolean, events: AgentEvent[]): void {
    if (message.role === 'tool') {
      if (complete) emitter.toolMessage(message, events)
      return
    }
    if (message.role !== 'ai') return
    const id = message.id ?? 'message'
    seen.add(id)
    const textFrom = shownText.get(id) ?? 0
    const reasoningFrom = shownReasoning.get(id) ?? 0
    shownText.set(id, Math.max(textFrom, message.text.length))
    shownReasoning.set(id, Math.max(reasoningFrom, message.reasoning.length))
    emitter.aiMessage(
      {
        ...message,
        text: message.text.slice(textFrom),
        reasoning: message.reasoning.slice(reasoningFrom),
        // Partial tool calls carry parsed args, not text: show them once the message is complete.
        toolCalls: complete ? message.toolCalls : [],
        toolCallChunks: [],
        finished: complete,
      },
      id,
      events,
    )
  }

  /** Whole messages from updates / values that the stream has not shown. */
  function newMessages(list: unknown[], events: AgentEvent[]): void {
    for (const raw of list) {
      const message = readLangChainMessage(raw)
      if (!message || (message.id !== undefined && seen.has(message.id))) continue
      if (message.id !== undefined) seen.add(message.id)
      if (message.role === 'ai')
        emitter.aiMessage({ ...message, toolCallChunks: [], finished: true }, message.id ?? 'message', events)
      else if (message.role === 'tool') emitter.toolMessage(message, events)
    }
  }

  function decodeMode(mode: string, payload: unknown, frame: Frame): AgentEvent[] {
    const events: AgentEvent[] = []
    switch (mode) {
      case 'messages': {
        sawMessagesStream = true
        const [chunk] = Array.isArray(payload) ? payload : [payload]
        const message = readLangChainMessage(chunk)
        if (message) streamedChunk(message, events)
        return events
      }
      case 'messages/partial':
      case 'messages/complete':
        sawMessagesStream = true
        for (const raw of Array.isArray(payload) ? payload : [payload]) {
          const message = readLangChainMessage(raw)
          if (message) accumulated(message, mode === 'messages/complete', events)
        }
        return events
      case 'updates': {
        const update = recordOf(payload) ?? {}
        for (const [node, value] of Object.entries(update)) {
          if (node === '__interrupt__') interrupt(value, events)
          else if (!sawMessagesStream) newMessages(messagesIn(value), events)
        }
        return events
      }
      case 'values': {
        const list = messagesIn(payload)
        if (!sawValues) {
          // The first snapshot is the thread so far (history and the new input): not this answer.
          sawValues = true
          for (const raw of list) {
            const id = readLangChainMessage(raw)?.id
            if (id !== undefined) seen.add(id)
          }
        } else if (!sawMessagesStream) {
          newMessages(list, events)
        }
        const pending = recordOf(payload)?.__interrupt__
        if (pending !== undefined) interrupt(pending, events)
        events.push(dataEvent('values', payload, 'langgraph-values'))
        return events
      }
      case 'custom':
        return [dataEvent('custom', payload)]
      case 'events':
        return isRecord(payload) ? decodeStreamEvent(payload, emitter, diagnose, frame, 'langgraph') : []
      case 'error':
        return [errorEvent(errorMessageOf(payload, 'LangGraph error'), stringOf(recordOf(payload)?.error))]
      case 'end':
        return finishing.finish()
      default:
        if (!QUIET_MODES.has(mode)) diagnose('unknown-event', `langgraph: skipped event '${mode}'`, frame)
        return []
    }
  }

  return {
    decode(frame) {
      if (finishing.finished) return []
      if (frame.event !== undefined && frame.event !== 'message') {
        const mode = modeOf(frame.event)
        if (mode === 'end') return finishing.finish()
        if (mode === 'error') return decodeMode(mode, parseJsonOrUndefined(frame.data) ?? frame.data, frame)
        const payload = parseFrameJson(frame, diagnose, 'langgraph')
        return payload === undefined && frame.data.trim() !== 'null' ? [] : decodeMode(mode, payload, frame)
      }
      const value = parseFrameJson(frame, diagnose, 'langgraph')
      if (value === undefined) return []
      // Unnamed frames: {event|type: mode, data} envelopes or [mode, chunk] tuples.
      if (Array.isArray(value) && typeof value[0] === 'string' && MODES.has(modeOf(value[0]))) {
        return decodeMode(modeOf(value[0]), value[value.length - 1], frame)
      }
      const envelopeMode = isRecord(value) ? (stringOf(value.event) ?? stringOf(value.type)) : undefined
      if (
        envelopeMode !== undefined &&
        MODES.has(modeOf(envelopeMode)) &&
        isRecord(value) &&
        'data' in value
      ) {
        return decodeMode(modeOf(envelopeMode), value.data, frame)
      }
      diagnose('unknown-event', 'langgraph: frame has no stream mode', frame)
      return []
    },
    // The session settles a stream that ends without a finish (end() also runs after a drop).
    // `event: end` is optional: a clean end of body completes.
    hasTerminalEvent: false,
    // A stream that paused at an interrupt ends without `event: end`: finish it as waiting on tools.
    end: () => (approvals.length > 0 ? finishing.finish() : []),
    continuationBody,
  }
})
