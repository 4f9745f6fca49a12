import type { ChatMessage } from '../messages.js'
import type { MetricsRecorder } from '../metrics.js'
import type { ProtocolDecoder } from '../protocol.js'
import type { ChatSnapshot } from '../snapshot.js'
import { isActiveStatus } from '../status.js'
import { buildCancelRequest, buildResumeRequest, type StreamEndpointOptions } from '../stream-endpoint.js'
import type { Timers } from '../timers.js'
import type { ToolContinuation } from '../tool-calls.js'
import type { ChatRequest, TransportContext } from '../transport.js'
import type { ChatStore } from './chat-store.js'
import type { ChatSessionOptions } from './types.js'

/** One attempt at reading a response (a send, a resume, a follow of the chat's stream). */
export interface Run {
  controller: AbortController
  context: TransportContext
  decoder: ProtocolDecoder | undefined
  headers: Readonly<Record<string, string>>
  finished: boolean
  /** A response opened (the server has the stream). */
  opened: boolean
  /** Reads the chat's stream from its start without sending anything: status moves only once it answers. */
  follow: boolean
  /** The next frame starts the stream over: it replaces the answer shown so far. */
  replay: boolean
  /** Messages were already reloaded for this response: a second loss ends it. */
  reloaded: boolean
  /** The connection status before a follow started, restored when there was nothing to follow. */
  connectionBefore: ChatSnapshot['connection']
  resolve: (snapshot: ChatSnapshot) => void
  done: Promise<ChatSnapshot>
}

/** How a run starts. */
export interface RunSetup {
  text: string
  messages: readonly ChatMessage[]
  request: ChatRequest
  /** Continue from this cursor. */
  lastEventId?: string | undefined
  /** The run this one continues (decoder, headers). */
  previous?: Run | undefined
  follow?: boolean
  replay?: boolean
  reloaded?: boolean
  /** Settle the promise of an earlier run of the same response. */
  chain?: Run | undefined
  /** The tool calls this response continues after. */
  continuation?: ToolContinuation | undefined
}

/** What a run's transport context reports into. */
export interface RunContextHost {
  readonly options: ChatSessionOptions
  readonly store: ChatStore
  readonly metrics: MetricsRecorder
  readonly timers: Timers
  endpoint(): StreamEndpointOptions
  /** The run is still the session's current one. */
  isCurrent(run: Run): boolean
}

/** The transport's view of a run; every callback is ignored once the run is no longer current. */
export function createRunContext(run: Run, setup: RunSetup, host: RunContextHost): TransportContext {
  const { options, store, metrics, timers, endpoint } = host
  const isCurrent = () => host.isCurrent(run)
  return {
    request: setup.request,
    text: setup.text,
    messages: setup.messages,
    signal: run.controller.signal,
    lastEventId: setup.lastEventId,
    ...(setup.continuation ? { continuation: setup.continuation } : {}),
    ...(options.id !== undefined
      ? {
          resumeRequest: (lastEventId: string | undefined) => buildResumeRequest(endpoint(), lastEventId),
          cancelRequest: buildCancelRequest(endpoint()),
        }
      : {}),
    onConnection(change) {
      if (!isCurrent()) return
      if (change.status === 'reconnecting') metrics.reconnect()
      store.dispatch({
        type: 'session/connection',
        connection: change.status,
        reconnect:
          change.status === 'reconnecting'
            ? {
                attempt: change.attempt ?? 1,
                delayMs: change.delayMs ?? 0,
                retryAt: timers.now() + (change.delayMs ?? 0),
              }
            : undefined,
      })
    },
    onOpen(headers) {
      if (!isCurrent()) return
      run.headers = headers
      run.opened = true
      if (!run.follow) return
      if (!isActiveStatus(store.state().status)) metrics.start(timers.now())
      store.dispatch({ type: 'session/attach' })
    },
    onBytes(count) {
      if (isCurrent()) metrics.bytes(count)
    },
  }
}
