// biome-ignore-all assist/source/organizeImports: the exports are grouped by topic, not sorted by path
// The framework-agnostic entry: "react-agent-stream/core". No React, nothing runs on import.
// An explicit list: what is here is public API (docs/design.md, "Public names"); what the kit uses
// inside (queues, guards, parsers, retry decisions, reducer actions) stays out. test/exports.test.ts
// pins every entry's names, so a new public name goes here, in its group, and there.

// The session: one conversation's state machine and store.
export {
  createChatSession,
  DEFAULT_SESSION_OPTIONS,
  type ChatSession,
  type ChatSessionOptions,
  type ChatSnapshot,
  type ProtocolChooser,
  type ReconnectInfo,
  type ResumeOptions,
  type SendInput,
} from '../core/index.js'
// Sharing: a session with a reference count, and chats by key (docs/design.md, "Sharing a chat").
export {
  type Chat,
  type ChatCache,
  type ChatListener,
  type ChatOptions,
  createChat,
  createChatCache,
  getOrCreateChat,
  type SendGate,
} from '../core/index.js'
// Statuses, caps, send policy, metrics.
export {
  type ChatStatus,
  type ConnectionStatus,
  type LinkStatus,
  isActiveStatus,
  isSettled,
  DEFAULT_CAPS,
  type SessionCaps,
  DEFAULT_SEND_POLICY,
  type SendPolicy,
  type StreamMetrics,
} from '../core/index.js'

// The event model and the messages it builds.
export {
  AGENT_EVENT_TYPES,
  type AgentEvent,
  type AgentEventType,
  type FinishReason,
  type Usage,
  type ChatMessage,
  type ChatRole,
  type DataPart,
  type MessagePart,
  messageText,
  type ReasoningPart,
  type TextPart,
  type ToolApproval,
  type ToolCallPart,
  type ToolCallState,
  type ToolOutcome,
} from '../core/index.js'

// Tools that wait for a person or run in the browser, and the continuation after them (docs/tools.md).
export {
  type AutoContinue,
  type ClientToolOptions,
  DEFAULT_MAX_AUTO_CONTINUATIONS,
  isToolCallSettled,
  type OnToolCall,
  type ToolCallContext,
  type ToolContinuation,
  type ToolDecisionOptions,
  toWireToolCall,
  type WireMessage,
  type WireToolCall,
} from '../core/index.js'

// Versions of a conversation: edits and regenerations (docs/branching.md).
export {
  type BranchFork,
  type BranchInfo,
  type BranchTarget,
  type BranchTree,
  branchesOf,
  EMPTY_BRANCH_TREE,
  type HiddenVersion,
} from '../core/index.js'

// Errors are data.
export { describeError, StreamError, type StreamErrorCode, type StreamErrorOptions } from '../core/index.js'

// Requests: what `prepareRequest` gets and returns, and the endpoints of resumable streams.
export {
  type ChatRequest,
  type PrepareRequestInput,
  toWireMessages,
  type PrepareCancelRequestInput,
  type PrepareResumeRequestInput,
  type StreamEndpointOptions,
  LostEvents,
  STREAM_ID_HEADER,
} from '../core/index.js'

// Reconnecting: backoff and retry budgets.
export {
  type BackoffOptions,
  backoffDelay,
  DEFAULT_BACKOFF,
  DEFAULT_RETRY,
  type RetryOptions,
} from '../core/index.js'

// What a session or transport takes instead of the globals: time, frame scheduling, the page.
export {
  defaultTimers,
  type Timers,
  animationFrameScheduler,
  type FrameScheduler,
  immediateScheduler,
  browserEnvironment,
  type PageEnvironment,
  type PageTransition,
} from '../core/index.js'

// Transports: SSE, WebSocket, any async iterable, or your own ChatTransport.
export type {
  ChatTransport,
  ConnectionChange,
  CursorFrame,
  EndFrame,
  RestartFrame,
  TransportContext,
  TransportFrame,
} from '../core/index.js'
export { isDataFrame } from '../core/index.js'
export {
  createSseTransport,
  DEFAULT_SSE_OPTIONS,
  type SseTransportOptions,
  type SseReader,
  type SseReadHandlers,
  eventsourceParserReader,
  createWebSocketTransport,
  DEFAULT_WEBSOCKET_OPTIONS,
  type SendResult,
  type WebSocketTransport,
  type WebSocketTransportOptions,
  type AgentSocketState,
  type AgentSocketStatus,
  type ReadyState,
  type AuthProbe,
  createIterableTransport,
  type FrameSource,
} from '../transports/index.js'

// Protocols: decoders from a wire format to agent events.
export type { DecoderDiagnostic, DecoderOptions, Frame, Protocol, ProtocolDecoder } from '../core/index.js'
export {
  protocols,
  type ProtocolName,
  resolveProtocol,
  autoProtocol,
  type AutoDecoder,
  type AutoProtocol,
  agentEventsProtocol,
  agUiProtocol,
  aiSdkProtocol,
  anthropicProtocol,
  langChainProtocol,
  langGraphProtocol,
  multiAgentProtocol,
  openAIChatProtocol,
  openAIResponsesProtocol,
  plainTextProtocol,
  websocketChunkProtocol,
  // The request side of an AI SDK route: the chat as its UI messages (docs/tools.md).
  toUIMessages,
  type ToUIMessagesOptions,
  type UIMessageLike,
  type UIMessagePartLike,
  type UIToolApproval,
} from '../protocols/index.js'
