import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import type { ToolCallLabels } from './tool-call-badge.js'

export type ToolCallDecision = 'approved' | 'denied'

interface ToolCallApprovalProps {
  name: string
  text: Readonly<ToolCallLabels>
  canApprove: boolean
  canDeny: boolean
  onDecide: (decision: ToolCallDecision, reason: string | undefined) => void
}

/**
 * Approve and Deny for a tool call that waits for a person, and an optional reason behind an
 * "Add a reason" disclosure: Enter in the field denies with the reason, Escape closes it.
 */
export function ToolCallApproval({ name, text, canApprove, canDeny, onDecide }: ToolCallApprovalProps) {
  const [reasonOpen, setReasonOpen] = useState(false)
  const [reason, setReason] = useState('')
  const fieldId = useId()
  const inputId = useId()
  const hintId = useId()
  const toggleRef = useRef<HTMLButtonElement>(null)
  const inputRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (reasonOpen) inputRef.current?.focus()
  }, [reasonOpen])

  // A closed field keeps its text, but only an open one sends it: what is sent is what is seen.
  const decide = (decision: ToolCallDecision) =>
    onDecide(decision, (reasonOpen && reason.trim()) || undefined)

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // isComposing: Enter that confirms an IME composition must not deny.
    if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      event.preventDefault()
      decide('denied')
    } else if (event.key === 'Escape') {
      // Handled here: a dialog around the chat must not close with it.
      event.preventDefault()
      event.stopPropagation()
      setReasonOpen(false)
      toggleRef.current?.focus()
    }
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would draw a legend-less frame; a group with a name is what is meant
    <div className="ras-tool-call-approval" role="group" aria-label={`${name}: ${text['awaiting-approval']}`}>
      <div className="ras-tool-call-actions">
        {canApprove ? (
          <button type="button" className="ras-tool-call-approve" onClick={() => decide('approved')}>
            {text.approve}
          </button>
        ) : null}
        {canDeny ? (
          <>
            <button type="button" className="ras-tool-call-deny" onClick={() => decide('denied')}>
              {text.deny}
            </button>
            <button
              ref={toggleRef}
              type="button"
              className="ras-tool-call-reason-toggle"
              aria-expanded={reasonOpen}
              aria-controls={fieldId}
              onClick={() => setReasonOpen((open) => !open)}
            >
              {text.addReason}
            </button>
          </>
        ) : null}
      </div>
      {canDeny ? (
        <div id={fieldId} className="ras-tool-call-reason-field" hidden={!reasonOpen}>
          <label htmlFor={inputId}>{text.reason}</label>
          <input
            ref={inputRef}
            id={inputId}
            type="text"
            value={reason}
            aria-describedby={hintId}
            onChange={(event) => setReason(event.target.value)}
            onKeyDown={onKeyDown}
          />
          <span id={hintId} className="ras-tool-call-hint">
            {text.reasonHint}
          </span>
        </div>
      ) : null}
    </div>
  )
}
