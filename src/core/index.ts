export type { AsyncQueue } from './async-queue.js'
export { createAsyncQueue } from './async-queue.js'
export type { BackoffOptions } from './backoff.js'
export { backoffDelay, DEFAULT_BACKOFF } from './backoff.js'
export type { BranchFork, BranchInfo, BranchTarget, BranchTree, HiddenVersion } from './branches.js'
export { branchesOf } from './branches.js'
export type { SessionCaps } from './caps.js'
export { DEFAULT_CAPS } from './caps.js'
export type { Chat, ChatListener, ChatOptions } from './chat.js'
export type { ChatCache } from './chat-cache.js'
export { createChatCache, getOrCreateChat } from './chat-cache.js'
export { createChat } from './create-chat.js'
export type { PageEnvironment, PageTransition } from './environment.js'
export { browserEnvironment, waitForReady } from './environment.js'
export { describeError } from './error-text.js'
export type { StreamErrorCode, StreamErrorOptions } from './errors.js'
export { errorMessage, StreamError } from './errors.js'
export type { AgentEvent, AgentEventType, FinishReason, Usage } from './events.js'
export { AGENT_EVENT_TYPES } from './events.js'
export { createIdGenerator } from './ids.js'
export type {
  ChatMessage,
  ChatRole,
  DataPart,
  MessagePart,
  ReasoningPart,
  TextPart,
  ToolApproval,
  ToolCallPart,
  ToolCallState,
  ToolOutcome,
} from './messages.js'
export { messageText } from './messages.js'
export type { MetricsRecorder, StreamMetrics } from './metrics.js'
export { createMetricsRecorder, EMPTY_METRICS } from './metrics.js'
export type { IncrementalJson } from './partial-json.js'
export { createIncrementalJson } from './partial-json.js'
export type { DecoderDiagnostic, DecoderOptions, Frame, Protocol, ProtocolDecoder } from './protocol.js'
export type { ChatAction, ReducerContext, SessionAction } from './reducer.js'
export { reduce } from './reducer.js'
export type {
  BuildRequestOptions,
  ContinuationRequest,
  PrepareRequestInput,
  WireMessage,
  WireToolCall,
} from './request.js'
export { buildChatRequest, normalizeHeaders, toWireMessages, toWireToolCall } from './request.js'
export type { RetryDecision, RetryDecisionInput, RetryOptions } from './retry-policy.js'
export {
  classifyHttpStatus,
  DEFAULT_RETRY,
  decideRetry,
  parseRetryAfter,
  SERVER_RETRY_RANGE,
  toStreamError,
} from './retry-policy.js'
export type { FrameScheduler } from './scheduler.js'
export { animationFrameScheduler, createManualScheduler, immediateScheduler } from './scheduler.js'
export type { SendGate, SendPolicy } from './send-policy.js'
export { createSendGate, DEFAULT_SEND_POLICY } from './send-policy.js'
export type {
  ChatSession,
  ChatSessionOptions,
  ProtocolChooser,
  ResumeOptions,
  SendInput,
} from './session.js'
export { createChatSession, DEFAULT_MAX_AUTO_CONTINUATIONS, DEFAULT_SESSION_OPTIONS } from './session.js'
export type { ChatSnapshot, ReconnectInfo } from './snapshot.js'
export { EMPTY_BRANCH_TREE, initialSnapshot } from './snapshot.js'
export { encodeSseEvent } from './sse-event.js'
export type { ChatStatus, ConnectionStatus, LinkStatus } from './status.js'
export { isActiveStatus, isSettled } from './status.js'
export type { PublishTiming, Store, StoreOptions } from './store.js'
export { createStore } from './store.js'
export type {
  PrepareCancelRequestInput,
  PrepareResumeRequestInput,
  StreamEndpointOptions,
} from './stream-endpoint.js'
export { buildCancelRequest, buildResumeRequest, streamUrl } from './stream-endpoint.js'
export type { Continuity, StreamPosition } from './stream-position.js'
export {
  checkContinuity,
  LostEvents,
  lostEventsError,
  lostEventsOf,
  parseStreamPosition,
  STREAM_ID_HEADER,
} from './stream-position.js'
export type { Timers } from './timers.js'
export { defaultTimers, sleep } from './timers.js'
export type {
  AutoContinue,
  ClientToolOptions,
  OnToolCall,
  ToolCallContext,
  ToolContinuation,
} from './tool-calls.js'
export {
  currentTurn,
  isToolCallSettled,
  readyContinuation,
} from './tool-calls.js'
export type { ToolDecisionOptions } from './tool-session.js'
export type {
  ChatRequest,
  ChatTransport,
  ConnectionChange,
  CursorFrame,
  EndFrame,
  RestartFrame,
  TransportContext,
  TransportFrame,
} from './transport.js'
export { isDataFrame } from './transport.js'
