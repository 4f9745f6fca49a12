// The protocol kit: what every decoder in this folder is built from. One home per concept:
// - kit.ts (this file): the decoder's life cycle. Defining a protocol with the never-throw net
//   (`defineProtocol`), reporting diagnostics (`Diagnose`), reading a frame (`parseFrameRecord`,
//   `parseFrameJson`, `isDoneSentinel`), finishing at most once (`createFinishOnce`) and the open
//   reasoning block (`createReasoningLane`).
// - shared.ts: reading wire values (`isRecord`, `stringOf`, `tryParseJson`, ...), building agent
//   events (`finishEvent`, `errorEvent`, `messageStartEvent`, ...) and assembling tool-call arguments.
// Internal: the decoders and `auto` use it; custom protocols implement `Protocol` directly
// (docs/protocol.md, "Writing a decoder").
import type {
  AgentEvent,
  DecoderDiagnostic,
  DecoderOptions,
  Frame,
  Protocol,
  ProtocolDecoder,
} from '../core/index.js'
import { errorMessage } from '../core/index.js'
import { isRecord, type JsonRecord, NOT_JSON, tryParseJson } from './shared.js'

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

/** The `[DONE]` sentinel OpenAI-style streams (and the AI SDK) end with. */
export function isDoneSentinel(data: string): boolean {
  return data.trim() === '[DONE]'
}

/** Parses frame data as JSON; reports a 'malformed' diagnostic and returns undefined when it is not. */
export function parseFrameJson(frame: Frame, diagnose: Diagnose, protocolName: string): unknown {
  const parsed = tryParseJson(frame.data)
  if (parsed === NOT_JSON) {
    diagnose('malformed', `${protocolName}: data is not JSON`, frame)
    return undefined
  }
  return parsed
}

/** A frame read as one JSON object, or the 'malformed' diagnostic that says why it is not one. */
export type FrameRecord =
  | { readonly ok: true; readonly record: JsonRecord }
  | { readonly ok: false; readonly diagnostic: DecoderDiagnostic & { kind: 'malformed' } }

/**
 * Reads frame data that must be a JSON object (every JSON-per-frame protocol: one event, chunk or
 * message per frame). Data that is not JSON, or is JSON but an array, a string, a number or null,
 * gives a 'malformed' diagnostic whose message starts with the protocol name.
 */
export function readFrameRecord(frame: Frame, protocolName: string): FrameRecord {
  const parsed = tryParseJson(frame.data)
  if (isRecord(parsed)) return { ok: true, record: parsed }
  return { ok: false, diagnostic: { kind: 'malformed', message: notARecord(parsed, protocolName), frame } }
}

/** `readFrameRecord` for a decoder: the object, or undefined after reporting why the frame is skipped. */
export function parseFrameRecord(
  frame: Frame,
  diagnose: Diagnose,
  protocolName: string,
): JsonRecord | undefined {
  // No result object on the way that every well-formed frame takes: this runs once per frame.
  const parsed = tryParseJson(frame.data)
  if (isRecord(parsed)) return parsed
  diagnose('malformed', notARecord(parsed, protocolName), frame)
  return undefined
}

function notARecord(parsed: unknown, protocolName: string): string {
  return parsed === NOT_JSON
    ? `${protocolName}: data is not JSON`
    : `${protocolName}: data is not a JSON object`
}

/** Emits a response's closing events (the finish event last) at most once. */
export interface FinishOnce<Args extends unknown[] = []> {
  /** True once `finish` has run: later frames belong to no answer. */
  readonly finished: boolean
  /** The closing events the first time (what `close` returns), [] every later time. */
  finish(...args: Args): AgentEvent[]
}

/**
 * The guard for producers that can signal the end more than once (`finish_reason` then `[DONE]`,
 * `event: end` after `data: [DONE]`, a repeated `message_stop`): a second finish event would
 * settle the next answer's state early. `close` builds the closing events (end open reasoning and
 * tool calls, then the finish event).
 */
export function createFinishOnce<Args extends unknown[] = []>(
  close: (...args: Args) => AgentEvent[],
): FinishOnce<Args> {
  // A data property, not a getter: decoders read it on every frame, and an accessor there cost
  // the plain-text decoder most of its throughput (bench/protocols.bench.ts).
  const once = {
    finished: false,
    finish(...args: Args): AgentEvent[] {
      if (once.finished) return []
      once.finished = true
      return close(...args)
    },
  }
  return once
}

/**
 * The reasoning block a decoder has open. Producers send reasoning as plain deltas and never say
 * where it ends, so the decoder ends it (`reasoning-end`, which fixes its duration) when anything
 * else starts: text, a tool call, another agent, the finish.
 */
export interface ReasoningLane {
  readonly open: boolean
  /** Appends reasoning text (opening the block); empty or absent text is ignored. */
  delta(text: string | undefined, events: AgentEvent[]): void
  /** Ends the open block, if there is one. */
  close(events: AgentEvent[]): void
}

export function createReasoningLane(): ReasoningLane {
  let open = false
  return {
    get open() {
      return open
    },
    delta(text, events) {
      if (!text) return
      open = true
      events.push({ type: 'reasoning-delta', text })
    },
    close(events) {
      if (!open) return
      open = false
      events.push({ type: 'reasoning-end' })
    },
  }
}
