import type { AgentEvent, FinishReason } from '../core/index.js'
import { defineProtocol, isDoneSentinel, parseFrameRecord } from './kit.js'
import {
  dataEvent,
  errorEvent,
  finishEvent,
  type JsonRecord,
  messageStartEvent,
  stringOf,
  toolEndEvent,
} from './shared.js'

const FINISH_REASONS: ReadonlySet<string> = new Set([
  'stop',
  'length',
  'content-filter',
  'tool-calls',
  'error',
  'other',
])

/** Known chunks that change nothing in the chat model. */
const IGNORED: ReadonlySet<string> = new Set([
  'text-start',
  'text-end',
  'reasoning-start',
  'start-step',
  'finish-step',
])

/**
 * The Vercel AI SDK UI message stream (v1, header `x-vercel-ai-ui-message-stream: v1`): one JSON
 * chunk per SSE `data:`, ending with `data: [DONE]`.
 *
 * - text-delta / reasoning-delta / reasoning-end map one to one (text-start/-end, steps ignored).
 * - tool-input-start / -delta / -available become tool-call start / delta / end (the end carries
 *   the producer's parsed `input`); tool-output-available / -error become the result or error;
 *   tool-input-error becomes a tool error; tool-approval-request (`approvalId`, `toolCallId`)
 *   asks for approval and tool-output-denied marks the call denied (docs/tools.md).
 * - `data-<name>` parts become data events named `<name>` (with their `id` and `transient` flag);
 *   source-url, source-document and file become data events named after
 *   their type; message metadata becomes a data event 'message-metadata' (one part, replaced).
 * - finish carries `finishReason`; abort finishes as 'cancelled'; error carries `errorText`.
 */
export const aiSdkProtocol = defineProtocol('ai-sdk', (_options, diagnose) => {
  const startedTools = new Set<string>()

  function startTool(chunk: JsonRecord, id: string, events: AgentEvent[]): void {
    if (startedTools.has(id)) return
    startedTools.add(id)
    events.push({ type: 'tool-call-start', id, name: stringOf(chunk.toolName) ?? '' })
  }

  function metadata(chunk: JsonRecord, events: AgentEvent[]): void {
    if (chunk.messageMetadata !== undefined) {
      events.push(dataEvent('message-metadata', chunk.messageMetadata, 'message-metadata'))
    }
  }

  return {
    decode(frame) {
      if (isDoneSentinel(frame.data)) return []
      const chunk = parseFrameRecord(frame, diagnose, 'ai-sdk')
      if (chunk === undefined) return []
      const type = stringOf(chunk.type) ?? ''
      const toolCallId = stringOf(chunk.toolCallId)
      const events: AgentEvent[] = []
      if (IGNORED.has(type)) return []
      if (type.startsWith('data-')) {
        const event: Extract<AgentEvent, { type: 'data' }> = {
          type: 'data',
          name: type.slice(5),
          data: chunk.data,
        }
        const id = stringOf(chunk.id)
        if (id !== undefined) event.id = id
        if (chunk.transient === true) event.transient = true
        return [event]
      }
      switch (type) {
        case 'start': {
          events.push(messageStartEvent(stringOf(chunk.messageId)))
          metadata(chunk, events)
          return events
        }
        case 'text-delta':
        case 'reasoning-delta': {
          const text = stringOf(chunk.delta)
          return text ? [{ type, text }] : []
        }
        case 'reasoning-end':
          return [{ type: 'reasoning-end' }]
        case 'tool-input-start':
          if (toolCallId) startTool(chunk, toolCallId, events)
          return events
        case 'tool-input-delta': {
          const argsText = stringOf(chunk.inputTextDelta)
          if (!toolCallId || !argsText) return []
          return [{ type: 'tool-call-delta', id: toolCallId, argsText }]
        }
        case 'tool-input-available':
          if (!toolCallId) return []
          startTool(chunk, toolCallId, events)
          events.push(toolEndEvent(toolCallId, chunk.input))
          return events
        case 'tool-input-error':
          if (!toolCallId) return []
          startTool(chunk, toolCallId, events)
          events.push(toolEndEvent(toolCallId, chunk.input))
          events.push({
            type: 'tool-error',
            id: toolCallId,
            error: stringOf(chunk.errorText) ?? 'Invalid tool input',
          })
          return events
        case 'tool-output-available':
          return toolCallId ? [{ type: 'tool-result', id: toolCallId, result: chunk.output }] : []
        case 'tool-output-error':
          return toolCallId
            ? [{ type: 'tool-error', id: toolCallId, error: stringOf(chunk.errorText) ?? 'Tool failed' }]
            : []
        case 'tool-output-denied':
          return toolCallId ? [{ type: 'tool-denied', id: toolCallId }] : []
        case 'tool-approval-request': {
          if (!toolCallId) return []
          const approvalId = stringOf(chunk.approvalId)
          return [
            approvalId === undefined
              ? { type: 'tool-approval-request', id: toolCallId }
              : { type: 'tool-approval-request', id: toolCallId, approvalId },
          ]
        }
        case 'source-url':
        case 'source-document':
          return [dataEvent(type, chunk, stringOf(chunk.sourceId))]
        case 'file':
          return [dataEvent(type, chunk)]
        case 'message-metadata':
          metadata(chunk, events)
          return events
        case 'finish': {
          metadata(chunk, events)
          const reason = stringOf(chunk.finishReason)
          events.push(finishEvent(reason && FINISH_REASONS.has(reason) ? (reason as FinishReason) : 'stop'))
          return events
        }
        case 'abort':
          return [finishEvent('cancelled')]
        case 'error':
          return [errorEvent(stringOf(chunk.errorText) ?? 'Stream error')]
        default:
          diagnose('unknown-event', `ai-sdk: skipped chunk '${type}'`, frame)
          return []
      }
    },
    // `finish` (then `[DONE]`) ends every response.
    hasTerminalEvent: true,
    end: () => [],
  }
})
