'use client'
// The React entry: hooks and components. The framework-agnostic core is "react-agent-stream/core".

export type { BranchPickerProps } from './components/branch-picker.js'
export { BranchPicker } from './components/branch-picker.js'
export type { ComposerProps } from './components/composer.js'
export { Composer } from './components/composer.js'
export type { ConnectionBannerProps } from './components/connection-banner.js'
export { ConnectionBanner } from './components/connection-banner.js'
export type { ErrorNoticeProps } from './components/error-notice.js'
export { ErrorNotice } from './components/error-notice.js'
export { useMarkdownStreaming } from './components/markdown/markdown-block.js'
export type {
  Components,
  ExtraProps,
  MathPlugins,
  Pluggable,
  PluggableList,
  Plugin,
  Preset,
  RemarkRehypeOptions,
} from './components/markdown/pipeline.js'
export type { ConfirmExternalLink } from './components/markdown/safe-link.js'
export type { MessageEditorProps } from './components/message-editor.js'
export { MessageEditor } from './components/message-editor.js'
export type { MessageListProps } from './components/message-list.js'
export { MessageList } from './components/message-list.js'
export type { MessageViewProps } from './components/message-view.js'
export { MessageView } from './components/message-view.js'
export type { StopButtonProps } from './components/stop-button.js'
export { StopButton } from './components/stop-button.js'
export type { StreamInspectorProps } from './components/stream-inspector.js'
export { StreamInspector } from './components/stream-inspector.js'
export type { StreamingMarkdownProps } from './components/streaming-markdown.js'
export { StreamingMarkdown } from './components/streaming-markdown.js'
export type { ThinkingIndicatorProps } from './components/thinking-indicator.js'
export { ThinkingIndicator } from './components/thinking-indicator.js'
export type { ToolCallBadgeProps, ToolCallLabels } from './components/tool-call-badge.js'
export { DEFAULT_TOOL_CALL_LABELS, ToolCallBadge } from './components/tool-call-badge.js'
export type {
  AgentEvent,
  BranchInfo,
  BranchTarget,
  Chat,
  ChatMessage,
  ChatRole,
  ChatSession,
  ChatSnapshot,
  ChatStatus,
  ConnectionStatus,
  DataPart,
  FinishReason,
  MessagePart,
  OnToolCall,
  ReasoningPart,
  ResumeOptions,
  SendPolicy,
  StreamErrorCode,
  StreamMetrics,
  TextPart,
  ToolApproval,
  ToolCallContext,
  ToolCallPart,
  ToolCallState,
  ToolDecisionOptions,
  ToolOutcome,
  Usage,
} from './core/index.js'
export { describeError, isActiveStatus, messageText, StreamError } from './core/index.js'
export type { ChatResult, FinishInfo, FinishOutcome } from './hooks/chat-result.js'
export type { AutoScrollOptions, AutoScrollResult } from './hooks/use-auto-scroll.js'
export { DEFAULT_AUTO_SCROLL_OPTIONS, useAutoScroll } from './hooks/use-auto-scroll.js'
export { useChatSession } from './hooks/use-chat-session.js'
export { useElapsedTime, useNow } from './hooks/use-elapsed-time.js'
export { useEventLog } from './hooks/use-event-log.js'
export type { StreamMetricsView } from './hooks/use-stream-metrics.js'
export { useStreamMetrics } from './hooks/use-stream-metrics.js'
export type { StreamingChatOptions } from './hooks/use-streaming-chat.js'
export { useStreamingChat } from './hooks/use-streaming-chat.js'
export type { ReadyState, WebSocketAgentOptions, WebSocketAgentResult } from './hooks/use-websocket-agent.js'
export { DEFAULT_WEBSOCKET_AGENT_OPTIONS, useWebSocketAgent } from './hooks/use-websocket-agent.js'
export type { CodeHighlighter, HighlightResult, HighlightToken } from './markdown/highlight/highlight.js'
export { createLazyHighlighter } from './markdown/highlight/highlight.js'
export type { AllowedHtml, UrlTransform } from './markdown/safety/rehype-safety.js'
export type { AllowElement } from './markdown/tree/element-filter.js'
export type { AgentSocketState, AgentSocketStatus, SendResult } from './transports/index.js'
