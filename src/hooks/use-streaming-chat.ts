import { useState } from 'react'
import { createChatWith } from '../core/chat.js'
import {
  type AgentEvent,
  type AutoContinue,
  type Chat,
  type ChatMessage,
  type ChatRequest,
  type ChatTransport,
  DEFAULT_SESSION_OPTIONS,
  type DecoderDiagnostic,
  type OnToolCall,
  type PageEnvironment,
  type PrepareCancelRequestInput,
  type PrepareRequestInput,
  type PrepareResumeRequestInput,
  type Protocol,
  type ResumeOptions,
  type RetryOptions,
  type SendPolicy,
  type SessionCaps,
  type StreamError,
} from '../core/index.js'
import { lazyProtocol } from '../protocols/lazy.js'
import type { ProtocolName } from '../protocols/registry.js'
import { createDeferredTransport } from '../transports/deferred-transport.js'
import type { ChatResult, FinishInfo } from './chat-result.js'
import { chatEngine, createHookSession } from './load-chat-engine.js'
import { useChatInstance } from './use-chat-instance.js'
import { useLatest } from './use-latest.js'

export interface StreamingChatOptions {
  /**
   * A ready chat (`createChat`, `getOrCreateChat`) to show instead of building one: the component
   * holds it while mounted and listens with its callbacks and `sendPolicy`; the options that build a
   * chat (api, protocol, transport, id...) are then unused. @default undefined (the hook builds one)
   */
  chat?: Chat
  /** Endpoint taking POST `{"messages":[{id, role, content}]}` and answering text/event-stream. @default DEFAULT_SESSION_OPTIONS.api ('/api/chat') */
  api?: string
  /** Replaces any part of the request: URL, method, headers, body (a GET with the prompt in the query string). Read at send time. */
  prepareRequest?: (input: PrepareRequestInput) => Partial<ChatRequest>
  /** The wire protocol: a built-in name, a Protocol, or 'auto' to detect it from the stream. Fixed per session. @default 'auto' */
  protocol?: ProtocolName | Protocol
  /** Extra request headers. Read at send time. @default undefined */
  headers?: Record<string, string> | HeadersInit
  /** Extra fields merged into the default JSON body. Read at send time. @default undefined */
  body?: Record<string, unknown>
  /** fetch credentials mode (cookies on cross-origin requests). @default undefined (fetch's 'same-origin') */
  credentials?: RequestCredentials
  /** Retry and backoff after a failure; `false` makes every failure final. Fixed per session. @default DEFAULT_RETRY */
  reconnect?: Partial<RetryOptions> | false
  /**
   * A dropped response resumes from its last event id unless this is `false`. With `id`, `true` or
   * `{ loadMessages }` also follows the chat's active stream on mount (one GET `{api}/{id}/stream`:
   * reload, second tab), and `loadMessages` recovers a stream that lost events. A function builds
   * the resume request of a server without the stream endpoint. Fixed per session.
   * @default undefined (resumes after a drop; nothing on mount)
   */
  resume?: boolean | ResumeOptions | ((request: ChatRequest, lastEventId: string) => ChatRequest)
  /** Replaces any part of the GET that follows the chat's stream (needs `id`). Read at use. @default undefined */
  prepareResumeRequest?: (input: PrepareResumeRequestInput) => Partial<ChatRequest>
  /** Replaces any part of the DELETE that `stop()` sends (needs `id`). Read at use. @default undefined */
  prepareCancelRequest?: (input: PrepareCancelRequestInput) => Partial<ChatRequest>
  /** Online/offline, visibility and page lifecycle (tests inject one). Fixed per session. @default browserEnvironment() */
  environment?: PageEnvironment
  /** Bounds on kept text, messages and batched events. Fixed per session. @default DEFAULT_CAPS */
  caps?: Partial<SessionCaps>
  /** What `send` does while a response streams. @default 'interrupt' */
  sendPolicy?: SendPolicy
  /** Messages the chat starts with. Read when the session is created. @default [] */
  initialMessages?: readonly ChatMessage[]
  /** A custom transport instead of SSE over fetch (tests, server actions). Fixed per session. @default createSseTransport() */
  transport?: ChatTransport
  /** The fetch to use (a mock agent's, or one with auth). Read at send time. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch
  /**
   * The chat id: sent as `id` in the POST body, and names the chat's stream endpoint
   * `{api}/{id}/stream` (docs/resumable-streams.md): reconnects follow it with a GET (never a
   * re-POST) and `stop()` sends it a DELETE. Changing it starts a new session. @default undefined
   */
  id?: string
  /** Every decoded event. A new function each render never reconnects. */
  onEvent?: (event: AgentEvent) => void
  /** Once per response, with the message and whether it completed, was cancelled, interrupted or failed. */
  onFinish?: (info: FinishInfo) => void
  /** Stream failures, a rejected send (`busy`), and errors thrown by the other callbacks. */
  onError?: (error: StreamError) => void
  /** Frames the protocol decoder skipped. */
  onDiagnostic?: (diagnostic: DecoderDiagnostic) => void
  /**
   * Runs client-side tools (docs/tools.md): once per tool call whose input is complete. Return
   * `undefined` for tools the backend runs; a value or a promise is the result; a throw is the error.
   */
  onToolCall?: OnToolCall
  /** Send the continuation by itself once the turn's tool calls are settled (docs/tools.md). Read at use. @default true */
  autoContinue?: AutoContinue
  /** Automatic continuations in a row without a user message. Read at use. @default 5 */
  maxAutoContinuations?: number
}

interface Created {
  id: string | undefined
  chat: Chat
  /** Follows the chat's active stream once mounted (stable per chat). */
  onMount: ((chat: Chat) => void) | undefined
}

const resumeStream = (chat: Chat) => {
  void chat.session.resumeStream()
}

/** Adds the hook's `credentials` to a prepared request. */
function withCredentials<Input extends { request: ChatRequest }>(
  input: Input,
  prepared: Partial<ChatRequest>,
  credentials: RequestCredentials | undefined,
): Partial<ChatRequest> {
  if (credentials === undefined) return prepared
  return { ...prepared, init: { ...input.request.init, ...prepared.init, credentials } }
}

/** `resume` with its `loadMessages` read at use: an inline function each render is fine. */
function latestResume(
  resume: boolean | ResumeOptions | undefined,
  latest: { readonly current: StreamingChatOptions },
): boolean | ResumeOptions | undefined {
  if (typeof resume !== 'object' || resume.loadMessages === undefined) return resume
  return {
    loadMessages: () => {
      const current = latest.current.resume
      const load = typeof current === 'object' ? current.loadMessages : undefined
      return (load ?? (resume.loadMessages as NonNullable<ResumeOptions['loadMessages']>))()
    },
  }
}

/** Builds a chat whose per-send options (URL, headers, prepare functions) are read from `latest` at use. */
function createStreamingChat(
  initial: StreamingChatOptions,
  latest: { readonly current: StreamingChatOptions },
): Created {
  const sseOptions = () => ({
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      (latest.current.fetch ?? globalThis.fetch)(input, init),
    ...(initial.reconnect === undefined ? {} : { retry: initial.reconnect }),
    ...(initial.resume === false ? { resumeRequest: false as const } : {}),
    ...(typeof initial.resume === 'function' ? { resumeRequest: initial.resume } : {}),
    ...(initial.environment ? { environment: initial.environment } : {}),
  })
  // The session and the SSE transport are most of the hook's code: they come in a chunk of their
  // own, loaded from here (docs/design.md, "What loads when"), while the component renders.
  const loaded = chatEngine().loaded()
  const transport =
    initial.transport ??
    (loaded
      ? loaded.createSseTransport(sseOptions())
      : createDeferredTransport('sse', async () =>
          (await chatEngine().load()).createSseTransport(sseOptions()),
        ))
  const resume = typeof initial.resume === 'function' ? undefined : latestResume(initial.resume, latest)
  const chat = createChatWith(
    {
      transport,
      protocol: lazyProtocol(initial.protocol),
      ...(initial.id === undefined ? {} : { id: initial.id }),
      ...(resume === undefined ? {} : { resume }),
      ...(initial.environment ? { environment: initial.environment } : {}),
      get api() {
        return latest.current.api ?? DEFAULT_SESSION_OPTIONS.api
      },
      get headers() {
        return latest.current.headers ?? {}
      },
      get body() {
        return latest.current.body ?? {}
      },
      prepareRequest(input) {
        const { prepareRequest, credentials } = latest.current
        return withCredentials(input, prepareRequest ? prepareRequest(input) : {}, credentials)
      },
      prepareResumeRequest(input) {
        const { prepareResumeRequest, credentials } = latest.current
        return withCredentials(input, prepareResumeRequest ? prepareResumeRequest(input) : {}, credentials)
      },
      prepareCancelRequest(input) {
        const { prepareCancelRequest, credentials } = latest.current
        return withCredentials(input, prepareCancelRequest ? prepareCancelRequest(input) : {}, credentials)
      },
      ...(initial.initialMessages ? { initialMessages: initial.initialMessages } : {}),
      ...(initial.caps ? { caps: initial.caps } : {}),
    },
    createHookSession,
  )
  const resumeOnMount = initial.id !== undefined && (resume === true || typeof resume === 'object')
  return { id: initial.id, chat, onMount: resumeOnMount ? resumeStream : undefined }
}

/**
 * A chat over SSE: POSTs the conversation to `api` (or any request `prepareRequest` builds), decodes
 * the stream with `protocol`, and keeps the messages. Connects only when you send; reconnects,
 * resumes and caps per the options; at most one re-render per animation frame while tokens stream.
 *
 * @example const { messages, status, send, stop } = useStreamingChat({ api: '/api/chat' })
 */
export function useStreamingChat(options: StreamingChatOptions = {}): ChatResult {
  const latest = useLatest(options)
  const [created, setCreated] = useState(() =>
    options.chat ? undefined : createStreamingChat(options, latest),
  )
  let current = created
  if (!options.chat && (current === undefined || current.id !== options.id)) {
    // A new id is a new conversation: replace the chat during render (React's derived-state pattern).
    current = createStreamingChat(options, latest)
    setCreated(current)
  }
  // A chat passed in is only held and listened to: its owner decides how it was built.
  const chat = options.chat ?? (current as Created).chat
  return useChatInstance(chat, latest, options.chat ? undefined : current?.onMount)
}
