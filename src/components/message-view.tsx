import { type ComponentPropsWithoutRef, forwardRef, memo, type ReactNode } from 'react'
import type { ChatMessage, DataPart } from '../core/index.js'
import { StreamingMarkdown } from './streaming-markdown.js'
import { ThinkingIndicator } from './thinking-indicator.js'
import { ToolCallBadge } from './tool-call-badge.js'

export interface MessageViewProps extends Omit<ComponentPropsWithoutRef<'article'>, 'children'> {
  message: ChatMessage
  /** True while this message is still receiving tokens. @default false */
  streaming?: boolean
  /** Renders a custom data part; data parts are not shown otherwise. */
  renderData?: (part: DataPart) => ReactNode
  /** The name shown for each role. */
  roleLabels?: Partial<Record<ChatMessage['role'], string>>
  /** Approves a tool call waiting for approval (the hook's `approveToolCall`); shows Approve / Deny. */
  onApproveToolCall?: ((id: string, options: { reason?: string }) => void) | undefined
  /** Denies a tool call waiting for approval (the hook's `denyToolCall`). */
  onDenyToolCall?: ((id: string, options: { reason?: string }) => void) | undefined
}

const DEFAULT_ROLE_LABELS: Readonly<Record<ChatMessage['role'], string>> = {
  user: 'You',
  assistant: 'Assistant',
  system: 'System',
}

/**
 * One message, its parts in order: text through StreamingMarkdown, reasoning through
 * ThinkingIndicator, tool calls through ToolCallBadge, and the agent's name on multi-agent turns.
 * Memoized: with the session's stable message objects, earlier messages never re-render per token.
 */
export const MessageView = /* @__PURE__ */ memo(
  /* @__PURE__ */ forwardRef<HTMLElement, MessageViewProps>(function MessageView(
    {
      message,
      streaming = false,
      renderData,
      roleLabels,
      onApproveToolCall,
      onDenyToolCall,
      className,
      ...rest
    },
    ref,
  ) {
    const author = message.agent ?? roleLabels?.[message.role] ?? DEFAULT_ROLE_LABELS[message.role]
    const lastTextIndex = message.parts.findLastIndex((part) => part.type === 'text')
    return (
      <article
        ref={ref}
        className={['ras-message', className].filter(Boolean).join(' ')}
        data-role={message.role}
        data-streaming={streaming ? 'true' : 'false'}
        data-agent={message.agent}
        aria-label={`${author} said`}
        {...rest}
      >
        <header className="ras-message-author">{author}</header>
        {message.parts.map((part, index) => {
          const key = part.type === 'tool-call' ? `tool-${part.id}` : `${part.type}-${index}`
          switch (part.type) {
            case 'text':
              return message.role === 'user' ? (
                <p key={key} className="ras-message-text">
                  {part.text}
                </p>
              ) : (
                <StreamingMarkdown
                  key={key}
                  content={part.text}
                  streaming={streaming && index === lastTextIndex}
                />
              )
            case 'reasoning':
              return <ThinkingIndicator key={key} reasoning={part} />
            case 'tool-call':
              return (
                <ToolCallBadge
                  key={key}
                  call={part}
                  onApprove={onApproveToolCall && ((options) => onApproveToolCall(part.id, options))}
                  onDeny={onDenyToolCall && ((options) => onDenyToolCall(part.id, options))}
                />
              )
            case 'data':
              return renderData ? <div key={key}>{renderData(part)}</div> : null
            default:
              part satisfies never
              return null
          }
        })}
      </article>
    )
  }),
)
