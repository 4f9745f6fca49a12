import { createLoader } from '../core/loader.js'
import { createDeferredSession } from '../core/session/deferred-session.js'
import type { ChatSession, ChatSessionOptions } from '../core/session/types.js'
import type * as ChatEngine from './chat-engine.js'

/** The chat engine chunk, loaded once per page (a failed load is tried again by the next chat call). */
export const chatEngine = createLoader<typeof ChatEngine>(() => import('./chat-engine.js'))

/**
 * The session both chat hooks build: the real one when the engine is there, else a stand-in that
 * loads it (`createDeferredSession`).
 */
export function createHookSession(options: ChatSessionOptions): ChatSession {
  return createDeferredSession(
    options,
    async () => (await chatEngine.load()).createChatSession,
    chatEngine.loaded()?.createChatSession,
  )
}
