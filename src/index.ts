'use client'
export type { StreamingMarkdownProps } from './components/streaming-markdown.js'
// The React entry. Hooks and components; the framework-agnostic core is "react-agent-stream/core".
export { StreamingMarkdown } from './components/streaming-markdown.js'
export type {
  AgentEvent,
  ChatMessage,
  ChatStatus,
  ConnectionStatus,
  MessagePart,
  ToolCallPart,
} from './core/index.js'
export { messageText, StreamError } from './core/index.js'
export type { StreamingChatOptions } from './hooks/use-streaming-chat.js'
export { useStreamingChat } from './hooks/use-streaming-chat.js'
