import type { AgentEvent, FinishReason } from '../core/index.js'
import { createFinishOnce, defineProtocol, parseFrameRecord } from './kit.js'
import {
  type ArgumentText,
  argsValue,
  createArgumentText,
  errorEvent,
  errorMessageOf,
  finishEvent,
  isRecord,
  type JsonRecord,
  makeUsage,
  messageStartEvent,
  numberOf,
  recordOf,
  stringOf,
  toolEndEvent,
} from './shared.js'

const STOP_REASONS: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
  pause_turn: 'other',
}

/** Blocks in which the model calls a tool (client tools, server tools, MCP tools). */
const TOOL_USE_BLOCKS: ReadonlySet<string> = new Set(['tool_use', 'server_tool_use', 'mcp_tool_use'])

interface BlockState {
  type: string
  /** Tool blocks: the tool_use id. */
  id?: string
  args?: ArgumentText
  /** Tool blocks: `input` given whole in content_block_start (server tools do this). */
  initialInput?: unknown
  signature?: string
}

/**
 * Anthropic Messages streaming: `message_start`, then per content block `content_block_start`,
 * `content_block_delta`s and `content_block_stop`, then `message_delta` (stop reason, output usage)
 * and `message_stop`; `ping` anywhere; `error` in-band (e.g. `overloaded_error`).
 *
 * - text blocks -> text; thinking blocks -> reasoning, ended with the block's `signature`;
 *   redacted_thinking is skipped (it has no readable text).
 * - tool_use / server_tool_use / mcp_tool_use -> tool calls whose arguments stream as
 *   `input_json_delta.partial_json`; the call ends (with parsed input) at `content_block_stop`.
 * - `*_tool_result` blocks of server tools (web search, code execution, ...) -> tool results.
 * - `message_stop` finishes with the stop reason and usage from `message_start` + `message_delta`.
 */
export const anthropicProtocol = defineProtocol('anthropic', (_options, diagnose) => {
  const blocks = new Map<number, BlockState>()
  let inputTokens: number | undefined
  let outputTokens: number | undefined
  let stopReason: FinishReason | undefined

  function readUsage(value: unknown): void {
    const usage = recordOf(value)
    if (!usage) return
    const input = numberOf(usage.input_tokens)
    if (input !== undefined) {
      inputTokens =
        input +
        (numberOf(usage.cache_creation_input_tokens) ?? 0) +
        (numberOf(usage.cache_read_input_tokens) ?? 0)
    }
    outputTokens = numberOf(usage.output_tokens) ?? outputTokens
  }

  function blockStart(index: number, block: JsonRecord): AgentEvent[] {
    const type = stringOf(block.type) ?? ''
    const state: BlockState = { type }
    blocks.set(index, state)
    if (type === 'text') {
      const text = stringOf(block.text)
      return text ? [{ type: 'text-delta', text }] : []
    }
    if (type === 'thinking') {
      const thinking = stringOf(block.thinking)
      return thinking ? [{ type: 'reasoning-delta', text: thinking }] : []
    }
    if (TOOL_USE_BLOCKS.has(type)) {
      state.id = stringOf(block.id) ?? `tool-${index}`
      state.args = createArgumentText()
      const input = block.input
      if (isRecord(input) ? Object.keys(input).length > 0 : input !== undefined) state.initialInput = input
      return [{ type: 'tool-call-start', id: state.id, name: stringOf(block.name) ?? '' }]
    }
    if (type.endsWith('_tool_result')) {
      const id = stringOf(block.tool_use_id) ?? `tool-${index}`
      const content = block.content
      const contentType = stringOf(recordOf(content)?.type) ?? ''
      if (contentType.endsWith('_error')) {
        const error = errorMessageOf(recordOf(content)?.error_code ?? content, 'Tool failed')
        return [{ type: 'tool-error', id, error }]
      }
      return [{ type: 'tool-result', id, result: content }]
    }
    if (type !== 'redacted_thinking') diagnose('unknown-event', `anthropic: skipped content block '${type}'`)
    return []
  }

  function blockDelta(index: number, delta: JsonRecord): AgentEvent[] {
    const block = blocks.get(index)
    const type = stringOf(delta.type)
    switch (type) {
      case 'text_delta': {
        const text = stringOf(delta.text)
        return text ? [{ type: 'text-delta', text }] : []
      }
      case 'thinking_delta': {
        const thinking = stringOf(delta.thinking)
        return thinking ? [{ type: 'reasoning-delta', text: thinking }] : []
      }
      case 'signature_delta':
        if (block) block.signature = (block.signature ?? '') + (stringOf(delta.signature) ?? '')
        return []
      case 'input_json_delta': {
        const partial = stringOf(delta.partial_json)
        if (!block?.id || !block.args || !partial) return []
        block.args.append(partial)
        return [{ type: 'tool-call-delta', id: block.id, argsText: partial }]
      }
      case 'citations_delta':
        return []
      default:
        diagnose('unknown-event', `anthropic: skipped delta '${String(type)}'`)
        return []
    }
  }

  function blockStop(index: number): AgentEvent[] {
    const block = blocks.get(index)
    if (!block) return []
    blocks.delete(index)
    if (block.type === 'thinking') {
      return [
        block.signature ? { type: 'reasoning-end', signature: block.signature } : { type: 'reasoning-end' },
      ]
    }
    if (block.id && block.args) {
      const args = block.args.length > 0 ? block.args.parse() : argsValue(block.initialInput ?? {})
      return [toolEndEvent(block.id, args)]
    }
    return []
  }

  /** message_stop: ends the blocks still open, then finishes with the stop reason and usage. */
  const finishing = createFinishOnce(() => {
    const events: AgentEvent[] = []
    for (const blockIndex of [...blocks.keys()]) events.push(...blockStop(blockIndex))
    const usage = makeUsage({
      inputTokens,
      outputTokens,
      totalTokens:
        inputTokens !== undefined && outputTokens !== undefined ? inputTokens + outputTokens : undefined,
    })
    events.push(finishEvent(stopReason ?? 'stop', usage))
    return events
  })

  return {
    decode(frame) {
      const event = parseFrameRecord(frame, diagnose, 'anthropic')
      if (event === undefined) return []
      const type = stringOf(event.type) ?? frame.event
      const index = numberOf(event.index) ?? 0
      switch (type) {
        case 'message_start': {
          const message = recordOf(event.message)
          readUsage(message?.usage)
          const messageId = stringOf(message?.id)
          return [messageStartEvent(messageId)]
        }
        case 'content_block_start':
          return blockStart(index, recordOf(event.content_block) ?? {})
        case 'content_block_delta':
          return blockDelta(index, recordOf(event.delta) ?? {})
        case 'content_block_stop':
          return blockStop(index)
        case 'message_delta': {
          const reason = stringOf(recordOf(event.delta)?.stop_reason)
          if (reason) stopReason = STOP_REASONS[reason] ?? 'other'
          readUsage(event.usage)
          return []
        }
        case 'message_stop':
          return finishing.finish()
        case 'ping':
          return []
        case 'error': {
          const error = recordOf(event.error)
          return [errorEvent(errorMessageOf(error ?? event, 'Anthropic stream error'), stringOf(error?.type))]
        }
        default:
          diagnose('unknown-event', `anthropic: skipped event '${String(type)}'`, frame)
          return []
      }
    },
    // `message_stop` ends every response.
    hasTerminalEvent: true,
    end() {
      if (!finishing.finished) diagnose('unexpected', 'anthropic: stream ended before message_stop')
      return []
    },
  }
})
