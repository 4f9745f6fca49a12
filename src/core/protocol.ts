import type { AgentEvent } from './events.js'
import type { ToolContinuation } from './tool-calls.js'

/** One unit off the wire: an SSE event or a WebSocket message. Transports know frames, not agent events. */
export interface Frame {
  /** SSE `event:` field (absent means 'message'). Absent for WebSocket messages. */
  event?: string
  /** SSE data (data lines joined with '\n') or the WebSocket message text. */
  data: string
  /** SSE `id:` field of this event, when the server sent one. */
  id?: string
}

/** Something a decoder skipped or could not read. Reported, never thrown. */
export interface DecoderDiagnostic {
  kind: 'unknown-event' | 'malformed' | 'unexpected'
  message: string
  frame?: Frame
}

export interface DecoderOptions {
  /** Called for each frame that was skipped or could not be read. */
  onDiagnostic?: (diagnostic: DecoderDiagnostic) => void
  /** Response headers (lower-case names), for decoders that detect the protocol from them. */
  headers?: Readonly<Record<string, string>>
  /**
   * Called once by the `auto` decoder with the name of the protocol it chose (from the headers or
   * the first frames). Other decoders never call it.
   */
  onDetect?: (protocolName: string) => void
}

/** Decodes one stream. Stateful (tool-call indexes, open blocks), so one decoder per response. */
export interface ProtocolDecoder {
  /** Decodes one frame. Never throws: malformed input becomes an 'error' event or a diagnostic. */
  decode(frame: Frame): AgentEvent[]
  /** The stream ended: flush anything pending. */
  end(): AgentEvent[]
  /**
   * Whether every response of this protocol ends with a terminal event (`finish`, `[DONE]`,
   * `message_stop`). When true, a clean end of body before it is a drop the transport resumes;
   * when false (plain text), a clean end of body completes the response. @default true
   */
  readonly hasTerminalEvent?: boolean
  /**
   * Fields the continuation after this response adds to the default JSON body, shaped for this
   * protocol's backend (LangGraph: `{command: {resume: {decisions}}}`). Undefined or absent: the
   * default body alone (its messages carry `toolCalls`). Called once per continuation.
   */
  continuationBody?(continuation: ToolContinuation): Record<string, unknown> | undefined
}

/** A wire protocol: a name and a decoder factory. Pure: no I/O, no timers. */
export interface Protocol {
  readonly name: string
  createDecoder(options?: DecoderOptions): ProtocolDecoder
  /**
   * Loads what `createDecoder` needs, for a protocol whose code arrives on demand (the hooks' built-in
   * names and 'auto' load the decoders with a dynamic import). A session awaits it before the first
   * decoder of a response and reports a rejection as a 'protocol' error; it is called again after a
   * rejection. Absent: the protocol is ready as it is. @default undefined
   */
  ready?(): Promise<void>
}
