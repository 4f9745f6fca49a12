import type {
  AgentEvent,
  DecoderDiagnostic,
  DecoderOptions,
  FinishReason,
  Frame,
  Protocol,
  ProtocolDecoder,
  Usage,
} from '../core/index.js'
import { errorMessage } from '../core/index.js'

/** Reports a skipped or unreadable frame. A throwing user callback is swallowed: it must not kill the stream. */
export type Diagnose = (kind: DecoderDiagnostic['kind'], message: string, frame?: Frame) => void

export function createDiagnose(options: DecoderOptions): Diagnose {
  return (kind, message, frame) => {
    if (!options.onDiagnostic) return
    try {
      options.onDiagnostic(frame ? { kind, message, frame } : { kind, message })
    } catch {
      // User callbacks never throw into the decoder.
    }
  }
}

/** What a protocol module implements; `defineProtocol` adds the never-throw guarantee around it. */
export interface DecoderImplementation {
  decode(frame: Frame): AgentEvent[]
  end(): AgentEvent[]
  /** Every response ends with a terminal event; see `ProtocolDecoder.hasTerminalEvent`. */
  readonly hasTerminalEvent: boolean
  /** See `ProtocolDecoder.continuationBody`. */
  continuationBody?: ProtocolDecoder['continuationBody']
}

/**
 * Wraps a decoder factory so `decode` and `end` never throw: an unexpected exception (a bug, or a
 * shape nobody anticipated) becomes an 'unexpected' diagnostic and the frame is skipped.
 */
export function defineProtocol(
  name: string,
  create: (options: DecoderOptions, diagnose: Diagnose) => DecoderImplementation,
): Protocol {
  return {
    name,
    createDecoder(options: DecoderOptions = {}): ProtocolDecoder {
      const diagnose = createDiagnose(options)
      const implementation = create(options, diagnose)
      return {
        hasTerminalEvent: implementation.hasTerminalEvent,
        decode(frame) {
          try {
            return implementation.decode(frame)
          } catch (error) {
            diagnose('unexpected', `${name} decoder failed: ${errorMessage(error)}`, frame)
            return []
          }
        },
        end() {
          try {
            return implementation.end()
          } catch (error) {
            diagnose('unexpected', `${name} decoder failed: ${errorMessage(error)}`)
            return []
          }
        },
        ...(implementation.continuationBody
          ? { continuationBody: implementation.continuationBody.bind(implementation) }
          : {}),
      }
    },
  }
}

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

const NOT_JSON: unique symbol = Symbol('not-json')

/** Parses frame data as JSON; reports a 'malformed' diagnostic and returns undefined when it is not. */
export function parseFrameJson(frame: Frame, diagnose: Diagnose, protocolName: string): unknown {
  const parsed = tryParseJson(frame.data)
  if (parsed === NOT_JSON) {
    diagnose('malformed', `${protocolName}: data is not JSON`, frame)
    return undefined
  }
  return parsed
}

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

/** The `[DONE]` sentinel OpenAI-style streams (and the AI SDK) end with. */
export function isDoneSentinel(data: string): boolean {
  return data.trim() === '[DONE]'
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
