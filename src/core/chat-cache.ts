import type { Chat } from './chat.js'
import type { ChatTransport } from './transport.js'

/** Chats by key, so holders naming the same key share one chat. */
export interface ChatCache {
  /**
   * The live chat under `key`, else the one `create` builds (kept under `key` until it is
   * disposed). One key must always create the same kind of chat.
   */
  getOrCreate<Transport extends ChatTransport>(key: string, create: () => Chat<Transport>): Chat<Transport>
  /** The live chat under `key`, if any. */
  get(key: string): Chat | undefined
}

/** A cache of its own (tests, or apps that scope their chats). */
export function createChatCache(): ChatCache {
  const chats = new Map<string, Chat>()
  return {
    get(key) {
      const chat = chats.get(key)
      return chat?.disposed ? undefined : chat
    },
    getOrCreate<Transport extends ChatTransport>(key: string, create: () => Chat<Transport>) {
      // A disposed chat is dropped, never handed out again.
      for (const [other, chat] of chats) if (chat.disposed) chats.delete(other)
      const existing = chats.get(key) as Chat<Transport> | undefined
      if (existing) return existing
      const created = create()
      chats.set(key, created)
      return created
    },
  }
}

let shared: ChatCache | undefined

/**
 * The chat under `key` in the app-wide cache, built by `create` on first use: components and
 * plain callers naming the same key share one conversation (and one connection).
 *
 * @example const chat = getOrCreateChat('support', () => createChat({ transport, protocol }))
 */
export function getOrCreateChat<Transport extends ChatTransport>(
  key: string,
  create: () => Chat<Transport>,
): Chat<Transport> {
  shared ??= createChatCache()
  return shared.getOrCreate(key, create)
}
