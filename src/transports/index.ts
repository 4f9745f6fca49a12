export type { AgentReconnectOptions } from './agent-reconnect.js'
export { agentReconnectDelay, DEFAULT_AGENT_RECONNECT } from './agent-reconnect.js'
export type {
  AgentSocketAction,
  AgentSocketState,
  AgentSocketStatus,
  ReadyState,
} from './agent-socket-state.js'
export {
  createAgentSocketStore,
  INITIAL_AGENT_SOCKET_STATE,
  readyStateOf,
  reduceAgentSocket,
} from './agent-socket-state.js'
export type { AuthProbe } from './auth-probe.js'
export type { ClosePolicy } from './close-codes.js'
export { classifyCloseCode } from './close-codes.js'
export type { EventStreamGuardOptions } from './event-stream-guard.js'
export { guardEventStream, MIN_MERGED_BLOCK_BYTES } from './event-stream-guard.js'
export { eventsourceParserReader } from './eventsource-parser-reader.js'
export type { FrameSource } from './iterable-transport.js'
export { createIterableTransport } from './iterable-transport.js'
export { canSendLastEventId, encodeLastEventId } from './last-event-id.js'
export type { OpenEventStreamOptions, OpenedEventStream } from './open-event-stream.js'
export { isEventStreamContentType, openEventStream } from './open-event-stream.js'
export type { OutboundQueueOptions } from './outbound-queue.js'
export { createOutboundQueue } from './outbound-queue.js'
export type { SseReader, SseReadHandlers } from './sse-reader.js'
export type { SseTransportOptions } from './sse-transport.js'
export {
  createSseTransport,
  DEFAULT_SSE_OPTIONS,
  defaultResumeRequest,
} from './sse-transport.js'
export type { SendResult, WebSocketTransport, WebSocketTransportOptions } from './websocket-transport.js'
export { createWebSocketTransport, DEFAULT_WEBSOCKET_OPTIONS } from './websocket-transport.js'
