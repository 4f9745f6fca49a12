import {
  type ComponentPropsWithoutRef,
  forwardRef,
  memo,
  type ReactNode,
  useEffect,
  useRef,
  useState,
} from 'react'
import { type BranchInfo, type ChatMessage, type DataPart, messageText } from '../core/index.js'
import { BranchPicker } from './branch-picker.js'
import { MessageEditor } from './message-editor.js'
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
  /** Gives user messages an Edit button and an inline editor; called with the edited text (the hook's `editMessage`). */
  onEditMessage?: (messageId: string, text: string) => void
  /** This message's place among the versions at its fork (`snapshot.branches[message.id]`). */
  branch?: BranchInfo | undefined
  /** Shows a version picker when `branch` has versions (the hook's `switchBranch`). */
  onSwitchBranch?: (messageId: string, index: number) => void
  /** Text of the Edit button. @default 'Edit' */
  editLabel?: string
}

/** The author line of each role when `roleLabels` does not name it. */
export const DEFAULT_ROLE_LABELS: Readonly<Record<ChatMessage['role'], string>> = Object.freeze({
  user: 'You',
  assistant: 'Assistant',
  system: 'System',
})

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
      onEditMessage,
      branch,
      onSwitchBranch,
      editLabel = 'Edit',
      className,
      ...rest
    },
    ref,
  ) {
    const author = message.agent ?? roleLabels?.[message.role] ?? DEFAULT_ROLE_LABELS[message.role]
    const lastTextIndex = message.parts.findLastIndex((part) => part.type === 'text')
    // Keyed by message id: an editor never stays open over another message shown in this place.
    const [editingId, setEditingId] = useState<string>()
    const editing = editingId === message.id
    const editButton = useRef<HTMLButtonElement>(null)
    const returnFocus = useRef(false)
    useEffect(() => {
      if (editing || !returnFocus.current) return
      returnFocus.current = false
      editButton.current?.focus()
    }, [editing])
    const closeEditor = () => {
      returnFocus.current = true
      setEditingId(undefined)
    }
    const canEdit = onEditMessage !== undefined && message.role === 'user'
    const picker =
      branch !== undefined && branch.count > 1 && onSwitchBranch ? (
        <BranchPicker
          index={branch.index}
          count={branch.count}
          onSwitch={(index) => onSwitchBranch(message.id, index)}
        />
      ) : null
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
        {editing && onEditMessage ? (
          <MessageEditor
            defaultValue={messageText(message)}
            onCancel={closeEditor}
            onSave={(text) => {
              closeEditor()
              onEditMessage(message.id, text)
            }}
          />
        ) : null}
        {editing
          ? null
          : message.parts.map((part, index) => {
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
        {!editing && (picker || canEdit) ? (
          <div className="ras-message-actions">
            {picker}
            {canEdit ? (
              <button
                ref={editButton}
                type="button"
                className="ras-message-edit"
                onClick={() => setEditingId(message.id)}
              >
                {editLabel}
              </button>
            ) : null}
          </div>
        ) : null}
      </article>
    )
  }),
)
