// Wire values and agent events, for the decoders in this folder: reading what a producer sent
// (`isRecord`, `stringOf`, `tryParseJson`, `errorMessageOf`), building events with only the fields
// present (`finishEvent`, `errorEvent`, `messageStartEvent`, ...) and assembling tool-call
// arguments. The decoder's life cycle (defining a protocol, diagnostics, reading a frame, finishing
// once) lives in kit.ts.
import type { AgentEvent, FinishReason, Usage } from '../core/index.js'

export type JsonRecord = Record<string, unknown>

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The value if it is a string, else undefined. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** The value if it is a finite number, else undefined. */
export function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

export function recordOf(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined
}

/** What `tryParseJson` returns for text that is not JSON (a symbol: `null` is a valid JSON value). */
export const NOT_JSON: unique symbol = Symbol('not-json')

/** The parsed value, or `NOT_JSON`. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return NOT_JSON
  }
}

/** JSON.parse that reports failure as undefined (use where undefined is not a valid result). */
export function parseJsonOrUndefined(text: string): unknown {
  const parsed = tryParseJson(text)
  return parsed === NOT_JSON ? undefined : parsed
}

/** Builds a Usage with only the fields the producer sent (exactOptionalPropertyTypes-safe). */
export function makeUsage(fields: {
  inputTokens?: number | undefined
  outputTokens?: number | undefined
  reasoningTokens?: number | undefined
  totalTokens?: number | undefined
}): Usage | undefined {
  const usage: Usage = {}
  if (fields.inputTokens !== undefined) usage.inputTokens = fields.inputTokens
  if (fields.outputTokens !== undefined) usage.outputTokens = fields.outputTokens
  if (fields.reasoningTokens !== undefined) usage.reasoningTokens = fields.reasoningTokens
  if (fields.totalTokens !== undefined) usage.totalTokens = fields.totalTokens
  return Object.keys(usage).length > 0 ? usage : undefined
}

/** message-start, with the producer's message id when it sent one. */
export function messageStartEvent(messageId: string | undefined): AgentEvent {
  return messageId ? { type: 'message-start', messageId } : { type: 'message-start' }
}

export function finishEvent(reason: FinishReason | undefined, usage?: Usage): AgentEvent {
  const event: Extract<AgentEvent, { type: 'finish' }> = { type: 'finish' }
  if (reason !== undefined) event.reason = reason
  if (usage !== undefined) event.usage = usage
  return event
}

export function errorEvent(message: string, code?: string): AgentEvent {
  return code === undefined ? { type: 'error', message } : { type: 'error', message, code }
}

export function toolEndEvent(id: string, args: unknown): AgentEvent {
  return args === undefined ? { type: 'tool-call-end', id } : { type: 'tool-call-end', id, args }
}

export function dataEvent(name: string, data: unknown, id?: string): AgentEvent {
  return id === undefined ? { type: 'data', name, data } : { type: 'data', name, data, id }
}

/** The error text a producer put in a field that may be a string, an object with `message`, or anything. */
export function errorMessageOf(value: unknown, fallback = 'Unknown error'): string {
  if (typeof value === 'string') return value || fallback
  if (isRecord(value)) {
    const message = stringOf(value.message) ?? stringOf(value.error) ?? stringOf(value.detail)
    if (message) return message
    if (isRecord(value.error)) return errorMessageOf(value.error, fallback)
  }
  if (value === undefined || value === null) return fallback
  try {
    return JSON.stringify(value)
  } catch {
    return fallback
  }
}

/**
 * Collects the argument text of one tool call as fragments (joined once, at the end, so the cost
 * stays linear) and parses it when the call ends.
 */
export interface ArgumentText {
  append(fragment: string): void
  readonly length: number
  /** The parsed arguments, or undefined if the text is empty or not JSON. */
  parse(): unknown
}

export function createArgumentText(): ArgumentText {
  const fragments: string[] = []
  let length = 0
  return {
    append(fragment) {
      if (!fragment) return
      fragments.push(fragment)
      length += fragment.length
    },
    get length() {
      return length
    },
    parse() {
      if (length === 0) return undefined
      return parseJsonOrUndefined(fragments.join(''))
    },
  }
}

/** Arguments that may arrive as a JSON string or as an already-parsed value. */
export function argsValue(value: unknown): unknown {
  if (typeof value !== 'string') return value
  if (value.trim() === '') return undefined
  const parsed = tryParseJson(value)
  return parsed === NOT_JSON ? value : parsed
}

/** A tool call whose argument text may arrive before its name (indexed producers: OpenAI, LangChain chunks). */
export interface PendingToolCall {
  id: string
  name: string | undefined
  started: boolean
  ended: boolean
  args: ArgumentText
  /** Argument text that arrived before the name. */
  pending: string[]
}

/** Opens the call once its name is known, then releases the argument text held until then. */
export function startPendingToolCall(call: PendingToolCall, events: AgentEvent[]): void {
  if (call.started || call.name === undefined) return
  call.started = true
  events.push({ type: 'tool-call-start', id: call.id, name: call.name })
  if (call.pending.length > 0) {
    const argsText = call.pending.join('')
    call.pending = []
    call.args.append(argsText)
    events.push({ type: 'tool-call-delta', id: call.id, argsText })
  }
}
