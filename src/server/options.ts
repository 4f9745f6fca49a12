import type { AgentEvent } from '../core/index.js'
import type { ResumableStore } from './store.js'

/** The JSON body of `POST {basePath}` (what `useStreamingChat({ id })` sends), with any extra fields the app adds. */
export interface ChatRequestBody {
  id: string
  messages: unknown[]
  [field: string]: unknown
}

/** The events of one answer, or a promise of them (an SDK call that resolves to a stream). */
export type AgentEventSource =
  | AsyncIterable<AgentEvent>
  | Iterable<AgentEvent>
  | Promise<AsyncIterable<AgentEvent> | Iterable<AgentEvent>>

/** Produces one answer. Stop when `signal` aborts (cancel, or a new POST for the same chat). */
export type EventProducer = (signal: AbortSignal) => AgentEventSource

export interface ResumableStreamsOptions {
  /** Where events are kept; share a Redis store between instances so any of them can resume. @default createMemoryStore() */
  store?: ResumableStore | undefined
  /** How long a finished stream stays resumable. @default 300_000 (5 minutes) */
  ttlMs?: number | undefined
  /** Idle time after which a follower gets a `: ping` comment. @default 15_000 */
  heartbeatMs?: number | undefined
  /** Events kept per stream by the default memory store (ignored with `store`). @default 10_000 */
  maxEvents?: number | undefined
  /** Names a new stream: `[A-Za-z0-9_]+`, unique per POST. @default 16 random characters */
  generateEpoch?: (() => string) | undefined
  /** Where `handler` answers: `POST {basePath}`, `GET`/`DELETE {basePath}/{chatId}/stream`. @default '/api/chat' */
  basePath?: string | undefined
  /** The answer for a POST to `handler`: events from the request body. Needed by `handler` only. @default undefined */
  events?:
    | ((body: ChatRequestBody, context: { request: Request; signal: AbortSignal }) => AgentEventSource)
    | undefined
  /** The `message` of the `error` event followers get when the producer throws. @default () => 'The answer failed on the server.' */
  errorMessage?: ((error: unknown) => string) | undefined
  /**
   * Receives each generation's promise. On platforms that freeze a function once its response is
   * sent, pass theirs (Vercel's `waitUntil`, Next.js `after`) so generation finishes. @default undefined
   */
  waitUntil?: ((promise: Promise<void>) => void) | undefined
  /** Hears failures no response can carry: a producer that threw, a store that failed in the background. @default console.error */
  onError?: ((error: unknown) => void) | undefined
}

export const DEFAULT_RESUMABLE_STREAMS_OPTIONS = Object.freeze({
  ttlMs: 300_000,
  heartbeatMs: 15_000,
  maxEvents: 10_000,
  basePath: '/api/chat',
  errorMessage: (_error: unknown) => 'The answer failed on the server.',
  onError: (error: unknown) => console.error('react-agent-stream/server:', error),
} as const)
