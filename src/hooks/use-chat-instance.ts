import { useEffect, useMemo } from 'react'
import type { Chat, ChatListener, ChatTransport } from '../core/index.js'
import { type ChatResult, chatActions, chatResult, finishInfo } from './chat-result.js'
import { useChatSession } from './use-chat-session.js'
import type { StreamingChatOptions } from './use-streaming-chat.js'

/** The hook options a mounted component listens with (both chat hooks have them). */
export type ChatHookCallbacks = Pick<
  StreamingChatOptions,
  | 'onEvent'
  | 'onFinish'
  | 'onError'
  | 'onDiagnostic'
  | 'onToolCall'
  | 'autoContinue'
  | 'maxAutoContinuations'
  | 'sendPolicy'
>

/** A listener that reads the component's latest options at use: inline callbacks never reconnect. */
function listenerOf(latest: { readonly current: ChatHookCallbacks }): ChatListener {
  return {
    onEvent: (event) => latest.current.onEvent?.(event),
    onFinish: (snapshot) => latest.current.onFinish?.(finishInfo(snapshot)),
    onError: (error) => latest.current.onError?.(error),
    onDiagnostic: (diagnostic) => latest.current.onDiagnostic?.(diagnostic),
    get onToolCall() {
      return latest.current.onToolCall
    },
    get autoContinue() {
      return latest.current.autoContinue
    },
    get maxAutoContinuations() {
      return latest.current.maxAutoContinuations
    },
    get sendPolicy() {
      return latest.current.sendPolicy
    },
  }
}

/**
 * The body both chat hooks share: while mounted, the component holds `chat` and listens to it;
 * `onMount` (stable per chat) runs after that. Whoever built the chat, the last holder to let go
 * disposes it, so a chat passed in stays alive while something else holds it.
 */
export function useChatInstance<Transport extends ChatTransport>(
  chat: Chat<Transport>,
  latest: { readonly current: ChatHookCallbacks },
  onMount?: (chat: Chat<Transport>) => void,
): ChatResult {
  const listener = useMemo(() => listenerOf(latest), [latest])
  useEffect(() => {
    const unlisten = chat.listen(listener)
    // StrictMode unmounts and remounts at once: the release waits, so the session survives it.
    const release = chat.retain()
    onMount?.(chat)
    return () => {
      unlisten()
      release()
    }
  }, [chat, listener, onMount])
  const snapshot = useChatSession(chat.session)
  const actions = useMemo(() => chatActions(chat.session, chat.gate), [chat])
  return chatResult(snapshot, chat.session, actions)
}
