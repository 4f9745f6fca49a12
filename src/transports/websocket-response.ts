import {
  type AsyncQueue,
  type ConnectionChange,
  createAsyncQueue,
  decideRetry,
  type Frame,
  type RetryOptions,
  StreamError,
  type Timers,
  type TransportContext,
  toWireToolCall,
} from '../core/index.js'

/** The one response streaming over the socket. */
interface ActiveResponse {
  context: TransportContext
  frames: AsyncQueue<Frame>
  delivered: boolean
  /** The response's resume cursor: the last sequence number delivered. */
  lastSeq: number | undefined
  attempt: number
  startedAt: number
}

export interface ResponseRouterOptions {
  timers: Timers
  random: () => number
  /** Undefined: every drop is final. */
  retry: RetryOptions | undefined
  sequenceOf: (data: string) => number | undefined
  resumeMessage: ((lastSeq: number) => string) | false
}

/** What a response needs from the socket when it starts and when it ends. */
export interface ResponseHooks {
  /** The response is active: connect (or report the open socket) and send its request or resume message. */
  start(context: TransportContext): void
  /** No response is active any more. */
  idle(): void
}

/**
 * Per-response routing on the shared agent socket: the message listeners, which response gets a
 * message, its sequence numbers (de-duplication after a resume, the resume message), and its own
 * retry budget when the socket drops mid-answer. The socket itself (connect, heartbeat, background reconnects) is
 * `websocket-connection.ts`.
 */
export function createResponseRouter(options: ResponseRouterOptions) {
  const { timers, random, retry, sequenceOf, resumeMessage } = options
  let active: ActiveResponse | undefined
  const listeners = new Set<(data: string) => void>()

  /** The response's own verdict on a drop: the delay it wants, or undefined when it ended (or there is none). */
  function retryAfterDrop(error: StreamError, delayFactor: number): number | undefined {
    const response = active
    if (response === undefined) return undefined
    if (response.delivered && (response.lastSeq === undefined || resumeMessage === false)) {
      response.frames.fail(
        new StreamError(
          'interrupted',
          'the socket dropped mid-answer and the server gave no sequence numbers',
          { cause: error },
        ),
      )
      return undefined
    }
    if (retry === undefined) {
      response.frames.fail(error)
      return undefined
    }
    const decision = decideRetry({
      attempt: response.attempt,
      error,
      elapsedMs: timers.now() - response.startedAt,
      options: { ...retry, baseDelayMs: retry.baseDelayMs * delayFactor },
      random,
    })
    if (!decision.retry) {
      response.frames.fail(decision.error)
      return undefined
    }
    response.attempt++
    response.context.onConnection({
      status: 'reconnecting',
      attempt: response.attempt,
      delayMs: decision.delayMs,
      error,
    })
    return decision.delayMs
  }

  /** A message that is not a control message, `openedAt` being when the socket opened. */
  function deliver(data: string, openedAt: number): void {
    for (const listener of [...listeners]) {
      try {
        listener(data)
      } catch {
        // A listener's bug must not stop the stream.
      }
    }
    const response = active
    if (response === undefined) return
    // Healthy connection (uptime and a message): the next drop starts the backoff over.
    if (retry && response.attempt > 0 && timers.now() - openedAt >= retry.healthyAfterMs) response.attempt = 0
    const seq = sequenceOf(data)
    if (seq !== undefined) {
      // Overlap after a resume: already delivered.
      if (response.lastSeq !== undefined && seq <= response.lastSeq) return
      response.lastSeq = seq
    }
    response.delivered = true
    response.context.onBytes?.(data.length)
    response.frames.push(seq === undefined ? { data } : { data, id: String(seq) })
  }

  async function* stream(context: TransportContext, hooks: ResponseHooks): AsyncGenerator<Frame> {
    if (context.signal.aborted) return
    // A response continued from a cursor (`resume()` after a disconnect) asks for what follows it;
    // sending the request again would generate the answer twice.
    const from = context.lastEventId === undefined ? undefined : Number(context.lastEventId)
    if (from !== undefined && (!Number.isFinite(from) || resumeMessage === false)) {
      throw new StreamError('interrupted', `cannot resume from ${JSON.stringify(context.lastEventId)}`)
    }
    const frames = createAsyncQueue<Frame>()
    const response: ActiveResponse = {
      context,
      frames,
      delivered: from !== undefined,
      lastSeq: from,
      attempt: 0,
      startedAt: timers.now(),
    }
    active?.frames.end()
    active = response
    const onAbort = () => frames.end()
    context.signal.addEventListener('abort', onAbort, { once: true })
    try {
      hooks.start(context)
      yield* frames
    } finally {
      context.signal.removeEventListener('abort', onAbort)
      if (active === response) active = undefined
      if (active === undefined) hooks.idle()
    }
  }

  return {
    /** Timers, randomness and retry policy, shared with the socket. */
    options,
    /** The streaming response, as an opaque token (undefined: none). */
    current(): object | undefined {
      return active
    },
    /** Tells the streaming response what the socket is doing. */
    report(change: ConnectionChange): void {
      active?.context.onConnection(change)
    },
    /** The message that continues the response after a reconnect, when it is mid-answer and can resume. */
    resumeAfterReconnect(): string | undefined {
      if (active?.delivered && active.lastSeq !== undefined && resumeMessage)
        return resumeMessage(active.lastSeq)
      return undefined
    },
    deliver,
    /** Every message but control messages, also those outside a response; returns an unsubscribe. */
    listen(listener: (data: string) => void): () => void {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    retryAfterDrop,
    /** Fails the streaming response. */
    fail(error: StreamError): void {
      active?.frames.fail(error)
    },
    /** Ends the streaming response cleanly (a normal close, `close()`). */
    end(): void {
      active?.frames.end()
    },
    /** Ends the streaming response and forgets it. */
    release(): void {
      active?.frames.end()
      active = undefined
    },
    stream,
  }
}

export type ResponseRouter = ReturnType<typeof createResponseRouter>

/**
 * The user's text; a continuation (docs/tools.md) sends its tool calls instead of that text again:
 * JSON `{type: 'continue', messageId, toolCalls}`.
 */
export function defaultMessage(context: TransportContext): string {
  const continuation = context.continuation
  if (continuation === undefined) return context.text
  return JSON.stringify({
    type: 'continue',
    messageId: continuation.messageId,
    toolCalls: continuation.toolCalls.map(toWireToolCall),
  })
}
