import { type Chat, type ChatOptions, createChatWith } from './chat.js'
import { createChatSession } from './session/create-chat-session.js'
import type { ChatTransport } from './transport.js'

/**
 * A session plus a reference count and a list of listeners: the shareable unit. `options` are the
 * session's (read at use, as `createChatSession` reads them); its callbacks are the first listener.
 *
 * @example const chat = createChat({ transport: createSseTransport(), protocol: resolveProtocol('auto') })
 */
export function createChat<Transport extends ChatTransport>(
  options: ChatOptions<Transport>,
): Chat<Transport> {
  return createChatWith(options, createChatSession)
}
