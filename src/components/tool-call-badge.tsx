import { type ComponentPropsWithoutRef, forwardRef, type ReactNode, useId, useRef, useState } from 'react'
import type { ToolCallPart, ToolCallState } from '../core/index.js'
import { useElapsedTime } from '../hooks/use-elapsed-time.js'
import { formatDuration, formatJson } from './format.js'
import { ToolCallApproval, type ToolCallDecision } from './tool-call-approval.js'

/** Visible text of the badge: one per state, and the words of the approval controls. */
export interface ToolCallLabels extends Record<ToolCallState, string> {
  /** The button that approves a call waiting for approval. */
  approve: string
  /** The button that denies it. */
  deny: string
  /** Shown once approved, before the state ("Approved · Running"); announced with the tool's name. */
  approved: string
  /** The disclosure that opens the reason field. */
  addReason: string
  /** The reason field's label, and what goes before a denial's reason. */
  reason: string
  /** Under the reason field: what Enter and Escape do there. */
  reasonHint: string
  /** A running tool the app runs in the browser (`runBy: 'client'`). */
  runningInBrowser: string
}

export interface ToolCallBadgeProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** The tool-call part to show. */
  call: ToolCallPart
  /** Shown before the tool's name (an icon, an avatar). */
  icon?: ReactNode
  /** Open the details (arguments and result) at first; they are open anyway while a person can approve. @default false */
  defaultExpanded?: boolean
  /** Results longer than this many characters are cut, with a "Show more" button. @default 2000 */
  maxResultChars?: number
  /** Visible text for each state and control; the state is never told by colour alone. */
  labels?: Partial<ToolCallLabels>
  /**
   * Called when a person approves a call in state 'awaiting-approval' (with the reason, if they
   * wrote one). With `onDeny`, it turns "Needs approval" into Approve / Deny buttons.
   */
  onApprove?: ((options: { reason?: string }) => void) | undefined
  /** Called when a person denies a call in state 'awaiting-approval', with the reason if they wrote one. */
  onDeny?: ((options: { reason?: string }) => void) | undefined
}

export const DEFAULT_TOOL_CALL_LABELS: Readonly<ToolCallLabels> = Object.freeze({
  'input-streaming': 'Preparing',
  running: 'Running',
  'awaiting-approval': 'Needs approval',
  denied: 'Denied',
  succeeded: 'Done',
  failed: 'Failed',
  approve: 'Approve',
  deny: 'Deny',
  approved: 'Approved',
  addReason: 'Add a reason',
  reason: 'Reason',
  reasonHint: 'Enter denies with this reason; Escape closes the field.',
  runningInBrowser: 'Running in your browser',
})

/** The decision shown: the part's own once it has one, else the one just made here (optimistic). */
function shownDecision(
  call: ToolCallPart,
  pending: ToolCallDecision | undefined,
): ToolCallDecision | undefined {
  if (call.approval?.approved === true) return 'approved'
  if (call.approval?.approved === false || call.state === 'denied') return 'denied'
  return call.state === 'awaiting-approval' ? pending : undefined
}

function stateLabel(
  call: ToolCallPart,
  text: Readonly<ToolCallLabels>,
  decision: ToolCallDecision | undefined,
) {
  if (decision === 'denied') return text.denied
  const state = call.state === 'running' && call.runBy === 'client' ? text.runningInBrowser : text[call.state]
  if (decision !== 'approved') return state
  return call.state === 'awaiting-approval' ? text.approved : `${text.approved} · ${state}`
}

// The live region must not show without the optional theme either.
const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clipPath: 'inset(50%)',
  whiteSpace: 'nowrap',
} as const

/**
 * One tool call: its name, its state as text, elapsed time or duration, and expandable arguments and
 * result. A call waiting for approval shows its arguments and, given `onApprove` / `onDeny`, the
 * buttons that decide it.
 */
export const ToolCallBadge = /* @__PURE__ */ forwardRef<HTMLDivElement, ToolCallBadgeProps>(
  function ToolCallBadge(
    {
      call,
      icon,
      defaultExpanded = false,
      maxResultChars = 2000,
      labels,
      onApprove,
      onDeny,
      className,
      ...rest
    },
    ref,
  ) {
    const [expandedChoice, setExpandedChoice] = useState<boolean>()
    const [showFullResult, setShowFullResult] = useState(false)
    // Keyed by call and approval request, so a new request on a reused badge asks again.
    const approvalKey = `${call.id} ${call.approval?.id ?? ''}`
    const [pending, setPending] = useState<{
      key: string
      decision: ToolCallDecision
      reason: string | undefined
    }>()
    const [announcement, setAnnouncement] = useState('')
    const headerRef = useRef<HTMLButtonElement>(null)
    const detailsId = useId()
    const text = labels ? { ...DEFAULT_TOOL_CALL_LABELS, ...labels } : DEFAULT_TOOL_CALL_LABELS
    const undecided = call.state === 'awaiting-approval' && call.approval?.approved === undefined
    // The optimistic decision lasts until the part has one: if it then asks again, the buttons return.
    if (pending && !undecided) setPending(undefined)
    const ownPending = undecided && pending?.key === approvalKey ? pending : undefined
    const decision = shownDecision(call, ownPending?.decision)
    const canDecide =
      call.state === 'awaiting-approval' && decision === undefined && (onApprove ?? onDeny) !== undefined
    // A person must see what they approve: the details are open while they can decide.
    const expanded = expandedChoice ?? (defaultExpanded || canDecide)
    const active = call.state === 'input-streaming' || call.state === 'running'
    const elapsed = useElapsedTime(call.startedAt, { running: active, until: call.endedAt })
    const label = stateLabel(call, text, decision)
    const timing = call.startedAt === undefined ? undefined : formatDuration(elapsed)
    const deniedReason = decision === 'denied' ? (call.approval?.reason ?? ownPending?.reason) : undefined

    const decide = (choice: ToolCallDecision, reason: string | undefined) => {
      setPending({ key: approvalKey, decision: choice, reason })
      setExpandedChoice(expanded)
      setAnnouncement(`${choice === 'approved' ? text.approved : text.denied} ${call.name}`)
      // The buttons go away: focus stays on the call, not on the page's body.
      headerRef.current?.focus()
      const options = reason === undefined ? {} : { reason }
      if (choice === 'approved') onApprove?.(options)
      else onDeny?.(options)
    }

    const argsText =
      call.args !== undefined && call.state !== 'input-streaming' ? formatJson(call.args) : call.argsText
    const resultText = call.result === undefined ? undefined : formatJson(call.result)
    const resultCut = resultText !== undefined && !showFullResult && resultText.length > maxResultChars

    return (
      <div
        ref={ref}
        className={['ras-tool-call', className].filter(Boolean).join(' ')}
        data-state={call.state}
        data-expanded={expanded ? 'true' : 'false'}
        data-approval={decision ?? (call.state === 'awaiting-approval' ? 'pending' : undefined)}
        data-run-by={call.runBy}
        {...rest}
      >
        <button
          ref={headerRef}
          type="button"
          className="ras-tool-call-header"
          aria-expanded={expanded}
          aria-controls={detailsId}
          onClick={() => setExpandedChoice(!expanded)}
        >
          {icon ? (
            <span className="ras-tool-call-icon" aria-hidden="true">
              {icon}
            </span>
          ) : null}
          <span className="ras-tool-call-name">{call.name}</span>{' '}
          <span className="ras-tool-call-state">{label}</span>{' '}
          {timing ? <span className="ras-tool-call-time">{timing}</span> : null}
        </button>
        {call.state === 'failed' && call.error ? (
          <p className="ras-tool-call-error" role="alert">
            {call.error}
          </p>
        ) : null}
        {deniedReason ? (
          <p className="ras-tool-call-reason">
            {text.reason}: {deniedReason}
          </p>
        ) : null}
        <div id={detailsId} className="ras-tool-call-details" hidden={!expanded}>
          <div className="ras-tool-call-section">
            <span className="ras-tool-call-heading">Arguments</span>
            <pre
              className="ras-tool-call-json"
              data-streaming={call.state === 'input-streaming' ? 'true' : 'false'}
            >
              {argsText || '{}'}
            </pre>
          </div>
          {resultText !== undefined ? (
            <div className="ras-tool-call-section">
              <span className="ras-tool-call-heading">Result</span>
              {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable) */}
              <pre tabIndex={0} className="ras-tool-call-json">
                {resultCut ? `${resultText.slice(0, maxResultChars)}…` : resultText}
              </pre>
              {resultCut ? (
                <button type="button" className="ras-tool-call-more" onClick={() => setShowFullResult(true)}>
                  Show more ({resultText.length - maxResultChars} more characters)
                </button>
              ) : null}
            </div>
          ) : null}
        </div>
        {canDecide ? (
          <ToolCallApproval
            name={call.name}
            text={text}
            canApprove={onApprove !== undefined}
            canDeny={onDeny !== undefined}
            onDecide={decide}
          />
        ) : null}
        {canDecide || announcement ? (
          <span role="status" style={visuallyHidden}>
            {announcement}
          </span>
        ) : null}
      </div>
    )
  },
)
