import {
  type ComponentPropsWithoutRef,
  type FormEvent,
  forwardRef,
  type KeyboardEvent,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react'

export interface MessageEditorProps extends Omit<ComponentPropsWithoutRef<'form'>, 'onSubmit'> {
  /** The text the editor opens with. */
  defaultValue: string
  /** Sends the edited text. */
  onSave: (text: string) => void
  /** Closes the editor without sending. */
  onCancel: () => void
  /** The textarea's label (visually hidden by the default theme). @default 'Edit message' */
  label?: string
  /** Text of the send button. @default 'Send' */
  saveLabel?: string
  /** Text of the cancel button. @default 'Cancel' */
  cancelLabel?: string
}

/**
 * Edits a sent message in place: focused on open with the caret at the end; Enter sends and
 * Shift+Enter adds a line (as in the Composer), Escape cancels.
 */
export const MessageEditor = /* @__PURE__ */ forwardRef<HTMLFormElement, MessageEditorProps>(
  function MessageEditor(
    {
      defaultValue,
      onSave,
      onCancel,
      label = 'Edit message',
      saveLabel = 'Send',
      cancelLabel = 'Cancel',
      className,
      ...rest
    },
    ref,
  ) {
    const [text, setText] = useState(defaultValue)
    const inputId = useId()
    const input = useRef<HTMLTextAreaElement>(null)
    const canSave = text.trim().length > 0

    useEffect(() => {
      const element = input.current
      if (!element) return
      element.focus()
      element.setSelectionRange(element.value.length, element.value.length)
    }, [])

    function submit(event?: FormEvent) {
      event?.preventDefault()
      if (canSave) onSave(text)
    }

    function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
      // isComposing: Enter that confirms an IME composition must not send.
      if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
        event.preventDefault()
        submit()
      } else if (event.key === 'Escape') {
        event.preventDefault()
        onCancel()
      }
    }

    return (
      <form
        ref={ref}
        className={['ras-message-editor', className].filter(Boolean).join(' ')}
        onSubmit={submit}
        {...rest}
      >
        <label htmlFor={inputId} className="ras-visually-hidden">
          {label}
        </label>
        <textarea
          ref={input}
          id={inputId}
          className="ras-message-editor-input"
          value={text}
          rows={Math.min(8, Math.max(2, text.split('\n').length))}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="ras-message-editor-buttons">
          <button type="button" className="ras-message-editor-cancel" onClick={onCancel}>
            {cancelLabel}
          </button>
          <button type="submit" className="ras-message-editor-save" disabled={!canSave}>
            {saveLabel}
          </button>
        </div>
      </form>
    )
  },
)
