import { type ComponentPropsWithoutRef, forwardRef, type ReactNode, useId, useState } from 'react'
import type { ToolCallPart, ToolCallState } from '../core/index.js'
import { useElapsedTime } from '../hooks/use-elapsed-time.js'
import { formatDuration, formatJson } from './format.js'

export interface ToolCallBadgeProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** The tool-call part to show. */
  call: ToolCallPart
  /** Shown before the tool's name (an icon, an avatar). */
  icon?: ReactNode
  /** Open the details (arguments and result) at first. @default false */
  defaultExpanded?: boolean
  /** Results longer than this many characters are cut, with a "Show more" button. @default 2000 */
  maxResultChars?: number
  /** Visible text for each state; the state is never told by colour alone. */
  labels?: Partial<Record<ToolCallState, string>>
}

export const DEFAULT_TOOL_CALL_LABELS: Readonly<Record<ToolCallState, string>> = Object.freeze({
  'input-streaming': 'Preparing',
  running: 'Running',
  'awaiting-approval': 'Needs approval',
  denied: 'Denied',
  succeeded: 'Done',
  failed: 'Failed',
})

/** One tool call: its name, its state as text, elapsed time or duration, and expandable arguments and result. */
export const ToolCallBadge = /* @__PURE__ */ forwardRef<HTMLDivElement, ToolCallBadgeProps>(
  function ToolCallBadge(
    { call, icon, defaultExpanded = false, maxResultChars = 2000, labels, className, ...rest },
    ref,
  ) {
    const [expanded, setExpanded] = useState(defaultExpanded)
    const [showFullResult, setShowFullResult] = useState(false)
    const detailsId = useId()
    const active = call.state === 'input-streaming' || call.state === 'running'
    const elapsed = useElapsedTime(call.startedAt, { running: active, until: call.endedAt })
    const label = labels?.[call.state] ?? DEFAULT_TOOL_CALL_LABELS[call.state]
    const timing = call.startedAt === undefined ? undefined : formatDuration(elapsed)

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
        {...rest}
      >
        <button
          type="button"
          className="ras-tool-call-header"
          aria-expanded={expanded}
          aria-controls={detailsId}
          onClick={() => setExpanded((value) => !value)}
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
      </div>
    )
  },
)
