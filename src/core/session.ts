export { createChatSession } from './session/create-chat-session.js'
export type {
  ChatSession,
  ChatSessionOptions,
  ProtocolChooser,
  ResumeOptions,
  SendInput,
} from './session/types.js'
export { DEFAULT_MAX_AUTO_CONTINUATIONS, DEFAULT_SESSION_OPTIONS } from './session/types.js'
