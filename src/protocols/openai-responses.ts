import type { AgentEvent, FinishReason, Usage } from '../core/index.js'
import {
  createFinishOnce,
  createReasoningLane,
  defineProtocol,
  isDoneSentinel,
  parseFrameRecord,
} from './kit.js'
import {
  type ArgumentText,
  argsValue,
  createArgumentText,
  errorEvent,
  errorMessageOf,
  finishEvent,
  type JsonRecord,
  makeUsage,
  messageStartEvent,
  numberOf,
  recordOf,
  stringOf,
  toolEndEvent,
} from './shared.js'

/** Output items that are tools the model runs on OpenAI's side: shown as tool calls with their item as result. */
const HOSTED_TOOL_ITEMS: ReadonlySet<string> = new Set([
  'web_search_call',
  'file_search_call',
  'code_interpreter_call',
  'image_generation_call',
  'computer_call',
  'mcp_call',
  'local_shell_call',
])

/** Known events that carry nothing the chat model needs. */
const IGNORED: ReadonlySet<string> = new Set([
  'response.queued',
  'response.in_progress',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_text.done',
  'response.output_text.annotation.added',
  'response.refusal.done',
  'response.reasoning_summary_part.done',
  'response.reasoning_summary_text.done',
  'response.reasoning_text.done',
  'response.custom_tool_call_input.done',
  'response.mcp_call_arguments.done',
  'response.mcp_list_tools.in_progress',
  'response.mcp_list_tools.completed',
  'response.mcp_list_tools.failed',
])

interface CallState {
  id: string
  args: ArgumentText
  ended: boolean
}

function responsesUsage(value: unknown): Usage | undefined {
  const usage = recordOf(value)
  if (!usage) return undefined
  return makeUsage({
    inputTokens: numberOf(usage.input_tokens),
    outputTokens: numberOf(usage.output_tokens),
    reasoningTokens: numberOf(recordOf(usage.output_tokens_details)?.reasoning_tokens),
    totalTokens: numberOf(usage.total_tokens),
  })
}

function incompleteReason(response: JsonRecord | undefined): FinishReason {
  const reason = stringOf(recordOf(response?.incomplete_details)?.reason)
  if (reason === 'max_output_tokens') return 'length'
  if (reason === 'content_filter') return 'content-filter'
  return 'other'
}

/**
 * OpenAI Responses API streaming: typed events (`response.output_text.delta`, ...) with the type in
 * both the SSE `event:` field and the JSON `type`.
 *
 * - Output text and refusal deltas become text; reasoning summary (and raw reasoning text) deltas
 *   become reasoning, with a blank line between summary parts.
 * - Function calls open on `response.output_item.added` (id = the item's `call_id`, which a tool
 *   result must quote), stream `response.function_call_arguments.delta`, and end on `.done`.
 * - Hosted tools (web search, file search, code interpreter, MCP, ...) show as tool calls named
 *   after the item type, whose result is the finished item.
 * - `response.completed` / `response.incomplete` finish with usage; `response.failed` and `error`
 *   become error events.
 */
export const openAIResponsesProtocol = defineProtocol('openai-responses', (_options, diagnose) => {
  const calls = new Map<string, CallState>() // by output item id
  const reasoning = createReasoningLane()
  let lastSummaryKey: string | undefined
  let sawFunctionCall = false

  function closeReasoning(events: AgentEvent[]): void {
    lastSummaryKey = undefined
    reasoning.close(events)
  }

  function reasoningDelta(event: JsonRecord, events: AgentEvent[]): void {
    const delta = stringOf(event.delta)
    if (!delta) return
    const key = `${String(event.item_id)}:${String(event.summary_index ?? event.content_index ?? 0)}`
    const separator = reasoning.open && lastSummaryKey !== undefined && lastSummaryKey !== key ? '\n\n' : ''
    lastSummaryKey = key
    reasoning.delta(separator + delta, events)
  }

  function openCall(item: JsonRecord, name: string, events: AgentEvent[]): void {
    const itemId = stringOf(item.id) ?? stringOf(item.call_id)
    if (itemId === undefined || calls.has(itemId)) return
    const id = stringOf(item.call_id) ?? itemId
    calls.set(itemId, { id, args: createArgumentText(), ended: false })
    events.push({ type: 'tool-call-start', id, name })
  }

  function argumentsDelta(event: JsonRecord, events: AgentEvent[]): void {
    const call = calls.get(String(event.item_id))
    const delta = stringOf(event.delta)
    if (!call || !delta || call.ended) return
    call.args.append(delta)
    events.push({ type: 'tool-call-delta', id: call.id, argsText: delta })
  }

  function endCall(itemId: string, finalArguments: unknown, events: AgentEvent[]): CallState | undefined {
    const call = calls.get(itemId)
    if (!call || call.ended) return call
    call.ended = true
    const args = finalArguments !== undefined ? argsValue(finalArguments) : call.args.parse()
    events.push(toolEndEvent(call.id, args))
    return call
  }

  function itemDone(item: JsonRecord, events: AgentEvent[]): void {
    const type = stringOf(item.type)
    const itemId = stringOf(item.id) ?? ''
    if (type === 'reasoning') closeReasoning(events)
    else if (type === 'function_call' || type === 'custom_tool_call') {
      openCall(item, stringOf(item.name) ?? '', events)
      endCall(itemId, item.arguments ?? item.input, events)
    } else if (type !== undefined && HOSTED_TOOL_ITEMS.has(type)) {
      openCall(item, type, events)
      const call = endCall(itemId, item.action ?? item.arguments, events)
      if (!call) return
      const error = item.error
      if (item.status === 'failed' || (error !== undefined && error !== null)) {
        events.push({ type: 'tool-error', id: call.id, error: errorMessageOf(error, `${type} failed`) })
      } else {
        events.push({
          type: 'tool-result',
          id: call.id,
          result: item.output ?? item.results ?? item.result ?? item,
        })
      }
    }
  }

  const finishing = createFinishOnce((reason: FinishReason, response: JsonRecord | undefined) => {
    const events: AgentEvent[] = []
    closeReasoning(events)
    events.push(finishEvent(reason, responsesUsage(response?.usage)))
    return events
  })

  return {
    decode(frame) {
      if (isDoneSentinel(frame.data)) return []
      const event = parseFrameRecord(frame, diagnose, 'openai-responses')
      if (event === undefined) return []
      const type = stringOf(event.type) ?? frame.event ?? ''
      const events: AgentEvent[] = []
      const response = recordOf(event.response)
      switch (type) {
        case 'response.created': {
          const messageId = stringOf(response?.id)
          return [messageStartEvent(messageId)]
        }
        case 'response.output_item.added': {
          const item = recordOf(event.item)
          const itemType = stringOf(item?.type)
          if (!item) return []
          if (itemType === 'function_call' || itemType === 'custom_tool_call') {
            closeReasoning(events)
            sawFunctionCall = true
            openCall(item, stringOf(item.name) ?? '', events)
            const initial = stringOf(item.arguments)
            if (initial) argumentsDelta({ item_id: item.id, delta: initial }, events)
          } else if (itemType !== undefined && HOSTED_TOOL_ITEMS.has(itemType)) {
            closeReasoning(events)
            openCall(item, itemType, events)
          } else if (itemType === 'message') {
            closeReasoning(events)
          }
          return events
        }
        case 'response.output_item.done': {
          const item = recordOf(event.item)
          if (item) itemDone(item, events)
          return events
        }
        case 'response.output_text.delta':
        case 'response.refusal.delta': {
          const delta = stringOf(event.delta)
          closeReasoning(events)
          if (delta) events.push({ type: 'text-delta', text: delta })
          return events
        }
        case 'response.reasoning_summary_part.added':
          return []
        case 'response.reasoning_summary_text.delta':
        case 'response.reasoning_text.delta':
          reasoningDelta(event, events)
          return events
        case 'response.function_call_arguments.delta':
        case 'response.custom_tool_call_input.delta':
        case 'response.mcp_call_arguments.delta':
          argumentsDelta(event, events)
          return events
        case 'response.function_call_arguments.done':
          endCall(String(event.item_id), event.arguments, events)
          return events
        case 'response.completed':
          return finishing.finish(sawFunctionCall ? 'tool-calls' : 'stop', response)
        case 'response.incomplete':
          return finishing.finish(incompleteReason(response), response)
        case 'response.failed': {
          const error = recordOf(response?.error)
          events.push(errorEvent(errorMessageOf(error, 'Response failed'), stringOf(error?.code)))
          return [...events, ...finishing.finish('error', response)]
        }
        case 'error':
          return [errorEvent(errorMessageOf(event, 'OpenAI stream error'), stringOf(event.code) ?? undefined)]
        default:
          if (
            IGNORED.has(type) ||
            /^response\.[a-z_]+_call\.(in_progress|searching|interpreting|generating|completed|partial_image)$/.test(
              type,
            ) ||
            type.startsWith('response.code_interpreter_call_code.') ||
            type.startsWith('response.audio.')
          ) {
            return []
          }
          diagnose('unknown-event', `openai-responses: skipped event '${type}'`, frame)
          return []
      }
    },
    // `response.completed` ends every response.
    hasTerminalEvent: true,
    end() {
      if (!finishing.finished)
        diagnose('unexpected', 'openai-responses: stream ended before response.completed')
      return []
    },
  }
})
