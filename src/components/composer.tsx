import {
  type ComponentPropsWithoutRef,
  type FormEvent,
  forwardRef,
  type KeyboardEvent,
  useId,
  useState,
} from 'react'
import { type ChatStatus, isActiveStatus } from '../core/index.js'
import { StopButton } from './stop-button.js'

export interface ComposerProps extends Omit<ComponentPropsWithoutRef<'form'>, 'onSubmit'> {
  /** Sends the text (the hook's `send`). */
  onSend: (text: string) => void
  /** Stops the response in flight; when given, the send button becomes Stop while one streams. */
  onStop?: () => void
  /** The chat status. @default 'idle' */
  status?: ChatStatus
  /** Disables the whole composer. @default false */
  disabled?: boolean
  /** The textarea's visible label text (visually hidden by the default theme). @default 'Message' */
  label?: string
  placeholder?: string
  /** Initial text. */
  defaultValue?: string
}

/** The message box: Enter sends, Shift+Enter adds a line; while a response streams, Send becomes Stop. */
export const Composer = /* @__PURE__ */ forwardRef<HTMLFormElement, ComposerProps>(function Composer(
  {
    onSend,
    onStop,
    status = 'idle',
    disabled = false,
    label = 'Message',
    placeholder,
    defaultValue = '',
    className,
    ...rest
  },
  ref,
) {
  const [text, setText] = useState(defaultValue)
  const inputId = useId()
  const active = isActiveStatus(status)
  const canSend = !disabled && !active && text.trim().length > 0

  function submit(event?: FormEvent) {
    event?.preventDefault()
    if (!canSend) return
    onSend(text)
    setText('')
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // isComposing: Enter that confirms an IME composition must not send.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      submit()
    }
  }

  return (
    <form
      ref={ref}
      className={['ras-composer', className].filter(Boolean).join(' ')}
      data-status={status}
      onSubmit={submit}
      {...rest}
    >
      <label htmlFor={inputId} className="ras-composer-label">
        {label}
      </label>
      <textarea
        id={inputId}
        className="ras-composer-input"
        value={text}
        placeholder={placeholder}
        disabled={disabled}
        rows={2}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {active && onStop ? (
        <StopButton status={status} onStop={onStop} />
      ) : (
        <button type="submit" className="ras-composer-send" disabled={!canSend}>
          Send
        </button>
      )}
    </form>
  )
})
