// What the chat hooks load after their first render (a chunk of its own): the session engine and
// the SSE transport, about two thirds of `useStreamingChat`'s code (docs/design.md, "What loads when").
export { createChatSession } from '../core/session/create-chat-session.js'
export { createSseTransport } from '../transports/sse-transport.js'
