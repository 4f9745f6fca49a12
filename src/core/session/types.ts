import type { BranchTarget } from '../branches.js'
import { DEFAULT_CAPS, type SessionCaps } from '../caps.js'
import type { PageEnvironment } from '../environment.js'
import type { StreamError } from '../errors.js'
import type { AgentEvent } from '../events.js'
import type { ChatMessage, ToolOutcome } from '../messages.js'
import type { DecoderDiagnostic, Protocol } from '../protocol.js'
import type { PrepareRequestInput } from '../request.js'
import type { FrameScheduler } from '../scheduler.js'
import type { ChatSnapshot } from '../snapshot.js'
import type { PrepareCancelRequestInput, PrepareResumeRequestInput } from '../stream-endpoint.js'
import type { Timers } from '../timers.js'
import type { ClientToolOptions } from '../tool-calls.js'
import type { ToolDecisionOptions } from '../tool-session.js'
import type { ChatRequest, ChatTransport } from '../transport.js'

/** Picks the protocol from the response headers (lower-case names). */
export type ProtocolChooser = (headers: Readonly<Record<string, string>>) => Protocol

export interface ChatSessionOptions extends ClientToolOptions {
  /** Carries responses: `createSseTransport()`, `createWebSocketTransport()`, `createIterableTransport()`. */
  transport: ChatTransport
  /** Decodes frames into agent events; a function picks one from the response headers. */
  protocol: Protocol | ProtocolChooser
  /** Endpoint of the default request (POST JSON `{id?, messages: [{id, role, content}]}`). @default '/api/chat' */
  api?: string
  /**
   * The chat id: sent as `id` in the default body, and names the chat's stream endpoint
   * `{api}/{id}/stream` (docs/resumable-streams.md). With it, a response that opened is followed
   * again with a GET (never re-sent), `stop()` sends a DELETE, and `resumeStream()` works. @default undefined
   */
  id?: string
  /** How to recover a followed stream that lost events (`true`: end with `resume_failed`). @default undefined */
  resume?: boolean | ResumeOptions
  /** Replaces any part of the GET that follows the chat's stream (another URL, say). @default undefined */
  prepareResumeRequest?: (input: PrepareResumeRequestInput) => Partial<ChatRequest>
  /** Replaces any part of the DELETE that `stop()` sends. @default undefined */
  prepareCancelRequest?: (input: PrepareCancelRequestInput) => Partial<ChatRequest>
  /** Page lifecycle source: the connection closes while the page sits in the back/forward cache. @default browserEnvironment() */
  environment?: PageEnvironment
  /** Extra request headers (a `Headers` instance is fine). @default {} */
  headers?: HeadersInit | Record<string, string>
  /** Extra fields merged into the default JSON body. @default {} */
  body?: Record<string, unknown>
  /** Replaces any part of the request (URL, method, headers, body), e.g. a GET with the prompt in the query. @default undefined */
  prepareRequest?: (input: PrepareRequestInput) => Partial<ChatRequest>
  /** Messages the session starts with. @default [] */
  initialMessages?: readonly ChatMessage[]
  /** Bounds on kept text, messages and batched events. @default DEFAULT_CAPS */
  caps?: Partial<SessionCaps>
  /** Coalesces token notifications; one call per animation frame by default. @default animationFrameScheduler() */
  scheduler?: FrameScheduler
  /** Clock for metrics and part timestamps. @default defaultTimers() */
  timers?: Timers
  /** Message ids. @default a prefixed counter */
  generateId?: () => string
  /** A gap between frames longer than this counts as a stall in the metrics, ms. @default 2000 */
  stallThresholdMs?: number
  /** Called for every decoded event. Errors it throws are reported through `onError`, never into the stream. @default undefined */
  onEvent?: (event: AgentEvent) => void
  /** Called once a response settles (complete, cancelled or error). @default undefined */
  onFinish?: (snapshot: ChatSnapshot) => void
  /** Called with stream failures and with errors thrown by other callbacks. @default undefined */
  onError?: (error: StreamError) => void
  /** Called for frames a decoder skipped. @default undefined */
  onDiagnostic?: (diagnostic: DecoderDiagnostic) => void
}

/** Automatic continuations in a row without a user message (`maxAutoContinuations`). */
export const DEFAULT_MAX_AUTO_CONTINUATIONS = 5

export const DEFAULT_SESSION_OPTIONS = Object.freeze({
  api: '/api/chat',
  stallThresholdMs: 2000,
  caps: DEFAULT_CAPS,
  autoContinue: true,
  maxAutoContinuations: DEFAULT_MAX_AUTO_CONTINUATIONS,
})

/** Resuming the chat's stream (`resume` option). */
export interface ResumeOptions {
  /**
   * The conversation as the app stored it, used when a followed stream lost events (a gap, or
   * another stream than the cursor's): the messages are replaced with it, and the chat's stream is
   * followed again from its first event. Without it, such a loss ends with `resume_failed`. @default undefined
   */
  loadMessages?: () => Promise<readonly ChatMessage[]> | readonly ChatMessage[]
}

/** What `send` accepts: text, or a full user message. */
export type SendInput = string | ChatMessage

export interface ChatSession {
  /** The current immutable snapshot; the same object until a notification. */
  getSnapshot(): ChatSnapshot
  /** Calls `listener` after each published change; returns an unsubscribe. */
  subscribe(listener: () => void): () => void
  /** Sends a user message and streams the answer. Resolves (never rejects) when the response settles. */
  send(input: SendInput): Promise<ChatSnapshot>
  /**
   * Aborts the response (also one that is disconnected), keeps the partial text, settles
   * 'cancelled', and tells the server (with `id`: DELETE `{api}/{id}/stream`). Idempotent.
   */
  stop(): void
  /** Stops reading but leaves the server generating; `resume()` continues from the cursor. */
  disconnect(): void
  /** Continues a disconnected or dropped response from `lastEventId` (or, with `id`, from the stream's start). */
  resume(): Promise<ChatSnapshot>
  /**
   * Follows the chat's active stream from its first event (GET `{api}/{id}/stream`): after a
   * reload, in a second tab. A `204` leaves everything as it was. Needs `id`; while a response
   * runs it returns that response.
   */
  resumeStream(): Promise<ChatSnapshot>
  /** Resumes when possible, else regenerates the last answer. */
  retry(): Promise<ChatSnapshot>
  /**
   * Asks again for the answer to the last user message. An answer already there is kept as a
   * version of that reply (`switchBranch` shows it again); a response in flight is stopped first.
   */
  regenerate(): Promise<ChatSnapshot>
  /**
   * Edits the user message `messageId` and asks again from there: the message and everything
   * after it are kept as a version of that fork, `input` takes its place, and its answer streams
   * (the request carries only the current path). A response in flight is stopped first, its partial
   * text kept in its version. An id that is not a user message on the path is reported through
   * `onError` (`invalid_input`) and changes nothing.
   */
  editMessage(messageId: string, input: SendInput): Promise<ChatSnapshot>
  /**
   * Shows another version at the fork where `messageId` sits (a key of `snapshot.branches`): an
   * index from 0, or 'previous' / 'next'. The chosen version comes back with its own nested
   * versions. A response in flight is stopped first (its partial text stays in its version) and the
   * status returns to 'idle'. Ids without versions and indexes out of range change nothing.
   */
  switchBranch(messageId: string, target: BranchTarget): void
  /** Stops and clears everything. */
  reset(): void
  /**
   * Approves a tool call that awaits approval: it keeps `approval.approved: true` and is 'running'
   * (the backend runs it after the continuation). An id that is not awaiting approval in the current
   * turn changes nothing and reports a `tool_call` error through `onError`. Resolves when the
   * continuation it triggered settles, or at once when none was sent (docs/tools.md).
   */
  approveToolCall(id: string, options?: ToolDecisionOptions): Promise<ChatSnapshot>
  /** Denies a tool call that awaits approval ('denied', with the reason); otherwise as `approveToolCall`. */
  denyToolCall(id: string, options?: ToolDecisionOptions): Promise<ChatSnapshot>
  /**
   * Gives a running tool call of the current turn its result or error (a client-side tool); then
   * the continuation rule applies. Bad ids or outcomes report a `tool_call` error, never throw.
   */
  addToolResult(id: string, outcome: ToolOutcome): Promise<ChatSnapshot>
  /**
   * Sends the continuation now (for `autoContinue: false`, or after `stop()`): the current turn's
   * tool calls must all be settled, else it reports a `tool_call` error.
   */
  continueResponse(): Promise<ChatSnapshot>
  /** Replaces the messages (not while a response streams into them). */
  setMessages(
    messages: readonly ChatMessage[] | ((previous: readonly ChatMessage[]) => readonly ChatMessage[]),
  ): void
  /** Publishes pending token updates now. */
  flush(): void
  /**
   * Stops, drops listeners, and turns every later call into a no-op. With `id` it only lets go of
   * the response: the server keeps generating for whoever follows the chat next.
   */
  dispose(): void
}
