import { createLoader, type Loader } from '../core/loader.js'
import { createDeferredSession } from '../core/session/deferred-session.js'
import type { ChatSession, ChatSessionOptions } from '../core/session/types.js'
import type * as ChatEngine from './chat-engine.js'

let engine: Loader<typeof ChatEngine> | undefined

/**
 * The chat engine chunk, loaded once per page (a failed load is tried again by the next chat
 * call). Made on first use, not at module scope: a bundle without the hooks must not keep the
 * `import()` (esbuild keeps top-level calls, and without code splitting inlines what they import).
 */
export function chatEngine(): Loader<typeof ChatEngine> {
  engine ??= createLoader(() => import('./chat-engine.js'))
  return engine
}

/**
 * The session both chat hooks build: the real one when the engine is there, else a stand-in that
 * loads it (`createDeferredSession`).
 */
export function createHookSession(options: ChatSessionOptions): ChatSession {
  return createDeferredSession(
    options,
    async () => (await chatEngine().load()).createChatSession,
    chatEngine().loaded()?.createChatSession,
  )
}
