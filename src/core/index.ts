export type { BackoffOptions } from './backoff.js'
export { backoffDelay, DEFAULT_BACKOFF } from './backoff.js'
export type { StreamErrorCode, StreamErrorOptions } from './errors.js'
export { StreamError } from './errors.js'
export type { AgentEvent, AgentEventType, FinishReason, Usage } from './events.js'
export type {
  ChatMessage,
  ChatRole,
  DataPart,
  MessagePart,
  ReasoningPart,
  TextPart,
  ToolCallPart,
  ToolCallState,
} from './messages.js'
export { messageText } from './messages.js'
export type { IncrementalJson } from './partial-json.js'
export { createIncrementalJson } from './partial-json.js'
export type { DecoderDiagnostic, DecoderOptions, Frame, Protocol, ProtocolDecoder } from './protocol.js'
export type { ChatStatus, ConnectionStatus } from './status.js'
