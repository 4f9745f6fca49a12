import type { AgentEvent, FinishReason, Usage } from '../core/index.js'
import {
  createFinishOnce,
  createReasoningLane,
  defineProtocol,
  isDoneSentinel,
  parseFrameRecord,
} from './kit.js'
import {
  createArgumentText,
  errorEvent,
  errorMessageOf,
  finishEvent,
  isRecord,
  type JsonRecord,
  makeUsage,
  messageStartEvent,
  numberOf,
  type PendingToolCall,
  recordOf,
  startPendingToolCall,
  stringOf,
  toolEndEvent,
} from './shared.js'

const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
}

interface ToolCallState extends PendingToolCall {}

export function openAIUsage(value: unknown): Usage | undefined {
  const usage = recordOf(value)
  if (!usage) return undefined
  return makeUsage({
    inputTokens: numberOf(usage.prompt_tokens),
    outputTokens: numberOf(usage.completion_tokens),
    reasoningTokens: numberOf(recordOf(usage.completion_tokens_details)?.reasoning_tokens),
    totalTokens: numberOf(usage.total_tokens),
  })
}

/**
 * OpenAI Chat Completions streaming (`chat.completion.chunk` objects, one per `data:`, ending with
 * `data: [DONE]`), also spoken by most OpenAI-compatible servers (vLLM, Ollama, LiteLLM, OpenRouter,
 * DeepSeek).
 *
 * - `delta.content` (and `delta.refusal`) become text; `delta.reasoning_content` / `delta.reasoning`
 *   (DeepSeek, OpenRouter, vLLM) become reasoning.
 * - `delta.tool_calls` are keyed by `index`: the first fragment carries `id` and `function.name`,
 *   later ones only `function.arguments`. When a producer omits the id, a stable one is made from the
 *   completion id and the index (`<chatcmpl-id>-tool-<index>`).
 * - `finish_reason` ends the open tool calls (with parsed arguments); the finish event itself waits
 *   for `[DONE]` so the usage-only chunk (`stream_options.include_usage`) that follows is included.
 * - An in-band `{"error": {...}}` object becomes an error event.
 * - Only choice 0 is decoded (`n > 1` is not a chat UI).
 */
export const openAIChatProtocol = defineProtocol('openai-chat', (_options, diagnose) => {
  let messageId: string | undefined
  let started = false
  const reasoning = createReasoningLane()
  let finishReason: FinishReason | undefined
  let usage: Usage | undefined
  const toolCalls = new Map<number | string, ToolCallState>()
  let extraChoiceReported = false

  const startTool = startPendingToolCall

  function endTools(events: AgentEvent[]): void {
    for (const call of toolCalls.values()) {
      if (call.ended) continue
      if (!call.started) {
        call.name ??= ''
        startTool(call, events)
      }
      call.ended = true
      events.push(toolEndEvent(call.id, call.args.parse()))
    }
  }

  function toolDelta(fragment: JsonRecord, key: number | string, events: AgentEvent[]): void {
    const fn = recordOf(fragment.function) ?? fragment
    let call = toolCalls.get(key)
    if (!call) {
      const id = stringOf(fragment.id) || `${messageId ?? 'call'}-tool-${String(key)}`
      call = { id, name: undefined, started: false, ended: false, args: createArgumentText(), pending: [] }
      toolCalls.set(key, call)
    }
    const name = stringOf(fn.name)
    if (name && call.name === undefined) call.name = name
    startTool(call, events)
    const argsText = stringOf(fn.arguments)
    if (!argsText) return
    if (call.started) {
      call.args.append(argsText)
      events.push({ type: 'tool-call-delta', id: call.id, argsText })
    } else {
      call.pending.push(argsText)
    }
  }

  const finishing = createFinishOnce(() => {
    const events: AgentEvent[] = []
    reasoning.close(events)
    endTools(events)
    events.push(finishEvent(finishReason ?? (toolCalls.size > 0 ? 'tool-calls' : 'stop'), usage))
    return events
  })

  return {
    decode(frame) {
      if (isDoneSentinel(frame.data)) return finishing.finish()
      const chunk = parseFrameRecord(frame, diagnose, 'openai-chat')
      if (chunk === undefined) return []
      const events: AgentEvent[] = []
      if (chunk.error !== undefined && chunk.error !== null) {
        const error = recordOf(chunk.error)
        const code = stringOf(error?.code) ?? stringOf(error?.type)
        events.push(errorEvent(errorMessageOf(chunk.error, 'OpenAI stream error'), code))
        return events
      }
      if (!started) {
        started = true
        messageId = stringOf(chunk.id)
        events.push(messageStartEvent(messageId))
      }
      const chunkUsage = openAIUsage(chunk.usage)
      if (chunkUsage) usage = chunkUsage
      const choices = Array.isArray(chunk.choices) ? chunk.choices : []
      if (!Array.isArray(chunk.choices) && !chunkUsage) {
        diagnose('unknown-event', 'openai-chat: chunk has no choices', frame)
      }
      for (const choice of choices) {
        if (!isRecord(choice)) continue
        if ((numberOf(choice.index) ?? 0) !== 0) {
          if (!extraChoiceReported) diagnose('unexpected', 'openai-chat: only choice 0 is decoded', frame)
          extraChoiceReported = true
          continue
        }
        const delta = recordOf(choice.delta) ?? {}
        reasoning.delta(stringOf(delta.reasoning_content) ?? stringOf(delta.reasoning), events)
        const text = stringOf(delta.content)
        if (text) {
          reasoning.close(events)
          events.push({ type: 'text-delta', text })
        }
        const refusal = stringOf(delta.refusal)
        if (refusal) {
          reasoning.close(events)
          events.push({ type: 'text-delta', text: refusal })
        }
        if (Array.isArray(delta.tool_calls)) {
          reasoning.close(events)
          delta.tool_calls.forEach((fragment, position) => {
            if (isRecord(fragment)) toolDelta(fragment, numberOf(fragment.index) ?? position, events)
          })
        }
        const legacyCall = recordOf(delta.function_call)
        if (legacyCall) {
          reasoning.close(events)
          toolDelta({ function: legacyCall }, 'function_call', events)
        }
        const reason = stringOf(choice.finish_reason)
        if (reason) {
          finishReason = FINISH_REASONS[reason] ?? 'other'
          reasoning.close(events)
          endTools(events)
        }
      }
      return events
    },
    // `finish_reason` and `[DONE]` end every response.
    hasTerminalEvent: true,
    end() {
      // Servers that omit `[DONE]` still sent a finish_reason; without one the answer was cut off.
      if (finishReason !== undefined) return finishing.finish()
      if (!finishing.finished)
        diagnose('unexpected', 'openai-chat: stream ended without finish_reason or [DONE]')
      return []
    },
  }
})
