import { type ComponentPropsWithoutRef, forwardRef, type ReactNode, useCallback } from 'react'
import { type BranchInfo, type ChatMessage, type ChatStatus, isActiveStatus } from '../core/index.js'
import { useAutoScroll } from '../hooks/use-auto-scroll.js'
import { MessageView, type MessageViewProps } from './message-view.js'

export interface MessageListProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  messages: readonly ChatMessage[]
  /** The chat status: the last assistant message streams while it is 'streaming'. */
  status?: ChatStatus
  /** Renders one message. @default MessageView */
  renderMessage?: (message: ChatMessage, streaming: boolean) => ReactNode
  /** Passed to each MessageView: renders custom data parts. */
  renderData?: MessageViewProps['renderData']
  /** Passed to each MessageView: approves a tool call waiting for approval. Keep it stable (memoized messages). */
  onApproveToolCall?: MessageViewProps['onApproveToolCall']
  /** Passed to each MessageView: denies a tool call waiting for approval. */
  onDenyToolCall?: MessageViewProps['onDenyToolCall']
  /** Shown after the messages (a ThinkingIndicator while 'submitted', say). */
  footer?: ReactNode
  /** Text of the "jump to latest" button shown when the user has scrolled away. @default 'Jump to latest' */
  jumpLabel?: string
  /** Accessible name of the log. @default 'Conversation' */
  label?: string
  /** Gives user messages an Edit button and an inline editor (the hook's `editMessage`). */
  onEditMessage?: MessageViewProps['onEditMessage']
  /** The versions at each fork (the hook's `branches`), shown as "‹ 2 / 3 ›" with `onSwitchBranch`. */
  branches?: Readonly<Record<string, BranchInfo>>
  /** Shows another version at a fork (the hook's `switchBranch`). */
  onSwitchBranch?: MessageViewProps['onSwitchBranch']
}

/**
 * The conversation: role="log", follows the bottom while the answer streams (useAutoScroll) and
 * offers "jump to latest" once the user scrolls away. aria-busy holds screen-reader announcements
 * until an answer is complete, so nobody hears it token by token.
 */
export const MessageList = /* @__PURE__ */ forwardRef<HTMLDivElement, MessageListProps>(function MessageList(
  {
    messages,
    status = 'idle',
    renderMessage,
    renderData,
    onApproveToolCall,
    onDenyToolCall,
    footer,
    jumpLabel = 'Jump to latest',
    label = 'Conversation',
    onEditMessage,
    branches,
    onSwitchBranch,
    className,
    style,
    ...rest
  },
  ref,
) {
  const { scrollRef, contentRef, isFollowing, scrollToBottom } = useAutoScroll<HTMLDivElement>()
  const setRefs = useCallback(
    (element: HTMLDivElement | null) => {
      scrollRef(element)
      if (typeof ref === 'function') ref(element)
      else if (ref) ref.current = element
    },
    [scrollRef, ref],
  )
  const busy = isActiveStatus(status)
  const last = messages[messages.length - 1]
  const streamingId = busy && last?.role === 'assistant' ? last.id : undefined

  return (
    // Size the outer box (className, style); the log inside fills it and scrolls.
    <div
      className={['ras-message-list', className].filter(Boolean).join(' ')}
      style={style}
      data-status={status}
    >
      <div
        ref={setRefs}
        role="log"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
        tabIndex={0}
        aria-label={label}
        aria-busy={busy}
        className="ras-message-list-scroll"
        {...rest}
      >
        <div ref={contentRef} className="ras-message-list-content">
          {messages.map((message, index) => {
            // Keyed by the message before it: switching versions at a fork updates this place in
            // the list instead of replacing it, so focus stays on the version picker.
            const key = index === 0 ? 'first' : `after-${messages[index - 1]?.id}`
            return renderMessage ? (
              <div key={key}>{renderMessage(message, message.id === streamingId)}</div>
            ) : (
              <MessageView
                key={key}
                message={message}
                streaming={message.id === streamingId}
                branch={branches?.[message.id]}
                {...(renderData ? { renderData } : {})}
                onApproveToolCall={onApproveToolCall}
                onDenyToolCall={onDenyToolCall}
                {...(onEditMessage ? { onEditMessage } : {})}
                {...(onSwitchBranch ? { onSwitchBranch } : {})}
              />
            )
          })}
          {footer}
        </div>
      </div>
      {isFollowing ? null : (
        <button type="button" className="ras-jump-to-latest" onClick={() => scrollToBottom('smooth')}>
          {jumpLabel}
        </button>
      )}
    </div>
  )
})
