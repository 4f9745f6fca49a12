import type { StreamError } from './errors.js'
import type { AgentEvent } from './events.js'
import type { DecoderDiagnostic } from './protocol.js'
import { createSendGate, DEFAULT_SEND_POLICY, type SendGate, type SendPolicy } from './send-policy.js'
import type { ChatSession, ChatSessionOptions } from './session/types.js'
import type { ChatSnapshot } from './snapshot.js'
import { defaultTimers } from './timers.js'
import type { ClientToolOptions, ToolCallContext } from './tool-calls.js'
import type { ChatTransport } from './transport.js'

/**
 * What one holder of a shared chat listens with. Callbacks reach every listener; settings
 * (`sendPolicy`, `onToolCall`, `autoContinue`, `maxAutoContinuations`) come from the newest
 * listener that sets them.
 */
export interface ChatListener extends ClientToolOptions {
  onEvent?: ((event: AgentEvent) => void) | undefined
  onFinish?: ((snapshot: ChatSnapshot) => void) | undefined
  onError?: ((error: StreamError) => void) | undefined
  onDiagnostic?: ((diagnostic: DecoderDiagnostic) => void) | undefined
  /** What `gate.send` does while a response streams. @default 'interrupt' */
  sendPolicy?: SendPolicy | undefined
}

export interface ChatOptions<Transport extends ChatTransport = ChatTransport> extends ChatSessionOptions {
  transport: Transport
  /** What `gate.send` does while a response streams (a listener's value wins). @default 'interrupt' */
  sendPolicy?: SendPolicy
  /**
   * How long a chat nobody holds stays alive before it is disposed, ms. 0 waits one microtask:
   * enough for React StrictMode's unmount and remount, which are synchronous. @default 0
   */
  keepAliveMs?: number
}

/** A session that several holders share: components, stores, plain callers. */
export interface Chat<Transport extends ChatTransport = ChatTransport> {
  readonly session: ChatSession
  /** The transport the session was built with (a WebSocket agent's socket state lives here). */
  readonly transport: Transport
  /** `send` with the send policy in front; `clear()` drops queued sends (stop and reset call it). */
  readonly gate: SendGate
  /**
   * Holds the chat; the returned function lets go (calling it twice counts once). When the last
   * holder lets go, the session is disposed after `keepAliveMs`, unless someone retains it first.
   */
  retain(): () => void
  /** Adds callbacks and settings (`ChatListener`); returns their removal. */
  listen(listener: ChatListener): () => void
  /** Disposes the session now, whoever holds it. Idempotent. */
  dispose(): void
  /** Holders right now. */
  readonly holders: number
  /** The session is disposed: a cache never hands this chat out again. */
  readonly disposed: boolean
}

/**
 * `createChat` with the session built by `createSession`: the hooks pass one that defers the
 * session's code to a chunk loaded after the first render (`createDeferredSession`). This file
 * does not import the session, so that whoever imports it does not load the engine with it.
 */
export function createChatWith<Transport extends ChatTransport>(
  options: ChatOptions<Transport>,
  createSession: (options: ChatSessionOptions) => ChatSession,
): Chat<Transport> {
  const listeners = new Set<ChatListener>([options])
  /** A callback that calls `name` on every listener. */
  const fanOut =
    <Value>(name: 'onEvent' | 'onFinish' | 'onError' | 'onDiagnostic') =>
    (value: Value): void => {
      for (const listener of listeners) listener[name]?.(value as never)
    }
  const onError = fanOut<StreamError>('onError')
  const newest = <Key extends keyof ChatListener>(key: Key): ChatListener[Key] => {
    let value: ChatListener[Key] | undefined
    for (const listener of listeners) value = listener[key] ?? value
    return value
  }
  // Inherits from `options` rather than spreading it: getters there (api, headers) stay read at use.
  const session = createSession(
    Object.create(options, {
      onEvent: { value: fanOut('onEvent') },
      onFinish: { value: fanOut('onFinish') },
      onError: { value: onError },
      onDiagnostic: { value: fanOut('onDiagnostic') },
      onToolCall: { value: (context: ToolCallContext) => newest('onToolCall')?.(context) },
      autoContinue: { get: () => newest('autoContinue') },
      maxAutoContinuations: { get: () => newest('maxAutoContinuations') },
    }) as ChatSessionOptions,
  )
  const gate = createSendGate(session, () => newest('sendPolicy') ?? DEFAULT_SEND_POLICY, onError)
  const timers = options.timers ?? defaultTimers()
  let holders = 0
  let disposed = false
  let timer: unknown
  const disposeIfFree = () => {
    if (holders === 0) chat.dispose()
  }

  const chat: Chat<Transport> = {
    session,
    transport: options.transport,
    gate,
    retain() {
      holders++
      let held = true
      return () => {
        if (!held) return
        held = false
        if (--holders > 0) return
        const keepAliveMs = options.keepAliveMs ?? 0
        if (keepAliveMs <= 0) return queueMicrotask(disposeIfFree)
        timers.clearTimeout(timer)
        timer = timers.setTimeout(disposeIfFree, keepAliveMs)
      }
    },
    listen(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    dispose() {
      if (disposed) return
      disposed = true
      timers.clearTimeout(timer)
      session.dispose()
    },
    get holders() {
      return holders
    },
    get disposed() {
      return disposed
    },
  }
  return chat
}
