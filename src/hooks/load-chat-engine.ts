import { createDeferredSession } from '../core/session/deferred-session.js'
import type { ChatSession, ChatSessionOptions } from '../core/session/types.js'
import type * as Engine from './chat-engine.js'

type ChatEngine = typeof Engine

let engine: ChatEngine | undefined
let loading: Promise<ChatEngine> | undefined

/**
 * Loads the chat engine chunk once per page (a failed load is forgotten, so the next call tries
 * again: a chunk lost on a flaky network may come through later).
 */
export function loadChatEngine(): Promise<ChatEngine> {
  loading ??= import('./chat-engine.js').then(
    (loaded) => (engine = loaded),
    (error: unknown) => {
      loading = undefined
      throw error
    },
  )
  return loading
}

/** The engine when it has loaded already: chats created after that skip the stand-in. */
export function loadedChatEngine(): ChatEngine | undefined {
  return engine
}

/**
 * The session both chat hooks build: the real one when the engine is there, else a stand-in that
 * loads it (`createDeferredSession`).
 */
export function createHookSession(options: ChatSessionOptions): ChatSession {
  return createDeferredSession(
    options,
    async () => (await loadChatEngine()).createChatSession,
    engine?.createChatSession,
  )
}
