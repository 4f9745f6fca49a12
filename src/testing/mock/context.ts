import type { AgentEvent, Timers } from '../../core/index.js'
import type { MockSseFormat } from '../wire-format.js'
import type { MockDisconnect, MockError } from './faults.js'
import type { PacingOptions } from './pacing.js'
import type { ScriptOptions } from './script.js'

/** The mock agent's defaults (the answer's own are `DEFAULT_SCRIPT_OPTIONS`, its pace `DEFAULT_PACING`). */
export const DEFAULT_MOCK_AGENT_OPTIONS = Object.freeze({
  format: 'agent-events' as MockSseFormat,
  eventIds: true,
  seed: 1,
  connectDelayMs: 0,
})

/** Everything a designer (or a test) can set on the mock agent. All optional. */
export interface MockAgentOptions extends ScriptOptions, PacingOptions {
  /** SSE answer format; a request's `?format=` overrides it. @default DEFAULT_MOCK_AGENT_OPTIONS.format ('agent-events') */
  format?: MockSseFormat | undefined
  /** Send event ids / sequence numbers, so a cut stream can resume. @default true */
  eventIds?: boolean | undefined
  /** Cut the connection mid-answer. @default false */
  disconnect?: MockDisconnect | false | undefined
  /** Fail with an HTTP status or an in-band error. @default false */
  error?: MockError | false | undefined
  /** Seed of the random used for jitter and random fault points: same seed, same run. @default 1 */
  seed?: number | undefined
  /** Time to the WebSocket `open` event, ms. @default 0 */
  connectDelayMs?: number | undefined
  /** Timers for every wait, injectable so tests drive them. @default defaultTimers() */
  timers?: Timers | undefined
}

/** One request the mock fetch answered. */
export interface MockAgentRequest {
  method: string
  url: string
  headers: Readonly<Record<string, string>>
  body: string | undefined
}

/** Shared state of one mock agent, used by its fetch and its WebSocket class. */
export interface MockAgentContext {
  options: MockAgentOptions
  readonly random: () => number
  readonly timers: Timers
  readonly requests: MockAgentRequest[]
  readonly socketMessages: string[]
  readonly cancelled: string[]
  /** Scripts by stream id, kept for resume. */
  readonly streams: Map<string, AgentEvent[]>
  readonly sockets: Set<{ drop(code: number, reason: string): void; push(data: string): void }>
  counters: {
    /** Requests that reached the error fault check. */
    http: number
    /** Streams started (attempts), for disconnect and in-band error `times`. */
    streams: number
    /** WebSocket handshakes, for the HTTP error `times`. */
    handshakes: number
    /** WebSocket connections that opened. */
    connections: number
    /** Streams or sockets open right now. */
    open: number
    nextStream: number
  }
}
