import type { AgentEvent, Frame } from '../core/index.js'
import { createFinishOnce, type Diagnose, defineProtocol, isDoneSentinel, parseFrameRecord } from './kit.js'
import { createLangChainEmitter, type LangChainEmitter } from './langchain-emitter.js'
import { readLangChainMessage } from './langchain-messages.js'
import {
  dataEvent,
  errorEvent,
  errorMessageOf,
  finishEvent,
  type JsonRecord,
  parseJsonOrUndefined,
  recordOf,
  stringOf,
} from './shared.js'

/** astream_events names that carry nothing for the chat (chains, prompts, retrievers, parsers). */
const QUIET_EVENT = /^on_(chain|prompt|retriever|parser|llm|chat_model)_(start|stream|end)$/

/**
 * Decodes one `astream_events` (v2) event: `{event, name, run_id, data, ...}`. Shared by the
 * LangChain decoder and the LangGraph `events` stream mode.
 */
export function decodeStreamEvent(
  value: JsonRecord,
  emitter: LangChainEmitter,
  diagnose: Diagnose,
  frame: Frame,
  protocolName: string,
): AgentEvent[] {
  const kind = stringOf(value.event) ?? ''
  const runId = stringOf(value.run_id) ?? 'run'
  const data = recordOf(value.data) ?? {}
  const events: AgentEvent[] = []
  switch (kind) {
    case 'on_chat_model_stream': {
      const message = readLangChainMessage(data.chunk)
      if (message) emitter.aiMessage(message, runId, events)
      return events
    }
    case 'on_llm_stream': {
      const chunk = recordOf(data.chunk)
      const text = stringOf(chunk?.text) ?? (typeof data.chunk === 'string' ? data.chunk : undefined)
      if (text) events.push({ type: 'text-delta', text })
      return events
    }
    case 'on_chat_model_end': {
      const output = readLangChainMessage(
        recordOf(data.output)?.generations === undefined ? data.output : undefined,
      )
      emitter.endRun(runId, events, output?.toolCalls)
      return events
    }
    case 'on_tool_start':
      emitter.toolStart(runId, stringOf(value.name) ?? '', data.input, events)
      return events
    case 'on_tool_end':
      emitter.toolEnd(runId, data.output, events)
      return events
    case 'on_tool_error':
      emitter.toolError(runId, data.error, events)
      return events
    case 'on_custom_event':
      return [dataEvent(stringOf(value.name) ?? 'custom', value.data)]
    default:
      if (QUIET_EVENT.test(kind)) return []
      diagnose('unknown-event', `${protocolName}: skipped event '${kind}'`, frame)
      return []
  }
}

/**
 * LangChain `astream_events(version="v2")` sent as SSE. Accepts the event JSON in `data:` (the
 * common FastAPI shape, with or without `event: <on_...>`), LangServe's `event: data` / `event: end`
 * framing, and `event: error`.
 *
 * - on_chat_model_stream: text, reasoning (content blocks, `reasoning_content`) and tool-call
 *   chunks (`tool_call_chunks`, keyed by model run and index); on_chat_model_end ends those calls.
 * - on_tool_start attaches the tool run to the model's call with the same name (or opens a call
 *   for a tool run nobody announced); on_tool_end / on_tool_error give its result or error
 *   (a ToolMessage output's `tool_call_id` wins over the name match).
 * - on_custom_event becomes a data event named after the event.
 * - astream_events has no end marker of its own: LangServe's `event: end` (or `data: [DONE]`)
 *   finishes; otherwise the session completes the response when the stream ends cleanly.
 */
export const langChainProtocol = defineProtocol('langchain', (_options, diagnose) => {
  const emitter = createLangChainEmitter()
  const finishing = createFinishOnce(() => {
    const events: AgentEvent[] = []
    emitter.endAll(events)
    events.push(finishEvent('stop'))
    return events
  })

  return {
    decode(frame) {
      if (finishing.finished) return []
      if (frame.event === 'end' || isDoneSentinel(frame.data)) return finishing.finish()
      if (frame.event === 'error') {
        return [errorEvent(errorMessageOf(parseJsonOrUndefined(frame.data) ?? frame.data, 'LangChain error'))]
      }
      const value = parseFrameRecord(frame, diagnose, 'langchain')
      if (value === undefined) return []
      const event = typeof value.event === 'string' ? value : { ...value, event: frame.event }
      if (typeof event.event !== 'string' || !event.event.startsWith('on_')) {
        diagnose('unknown-event', `langchain: skipped event '${String(event.event)}'`, frame)
        return []
      }
      return decodeStreamEvent(event, emitter, diagnose, frame, 'langchain')
    },
    // The session settles a stream that ends without a finish (end() also runs after a drop).
    // astream_events has no end marker: a clean end of body completes.
    hasTerminalEvent: false,
    end: () => [],
  }
})
