import { type ComponentPropsWithoutRef, forwardRef, type ReactNode, useId, useState } from 'react'
import type { ChatStatus, ReasoningPart } from '../core/index.js'
import { useElapsedTime } from '../hooks/use-elapsed-time.js'
import { formatDuration } from './format.js'
import { StreamingMarkdown } from './streaming-markdown.js'

export interface ThinkingIndicatorProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** The chat status: the indicator shows from 'submitted' until the first token. */
  status?: ChatStatus | undefined
  /** The reasoning part, when the model streams its thinking. */
  reasoning?: ReasoningPart | undefined
  /** Renders the reasoning text. @default StreamingMarkdown */
  renderReasoning?: (text: string, streaming: boolean) => ReactNode
  /** Open the reasoning text at first. @default false */
  defaultExpanded?: boolean
  /** What to call the activity. @default 'Thinking' */
  label?: string
  /** Epoch ms when the request was sent (for the elapsed time before any reasoning arrives). */
  since?: number | undefined
}

type Phase = 'waiting' | 'thinking' | 'done'

function phaseOf(status: ChatStatus | undefined, reasoning: ReasoningPart | undefined): Phase | undefined {
  if (reasoning) return reasoning.state === 'streaming' ? 'thinking' : 'done'
  return status === 'submitted' ? 'waiting' : undefined
}

/**
 * "Thinking…" from 'submitted' until the first token and while reasoning streams; "Thought for N s"
 * when done, with the reasoning text behind a disclosure. Screen readers hear the start and the end,
 * never each token: only the status line is live, and it changes twice.
 */
export const ThinkingIndicator = /* @__PURE__ */ forwardRef<HTMLDivElement, ThinkingIndicatorProps>(
  function ThinkingIndicator(
    {
      status,
      reasoning,
      renderReasoning,
      defaultExpanded = false,
      label = 'Thinking',
      since,
      className,
      ...rest
    },
    ref,
  ) {
    const [expanded, setExpanded] = useState(defaultExpanded)
    const bodyId = useId()
    const phase = phaseOf(status, reasoning)
    const startedAt = reasoning?.startedAt ?? since
    const until =
      reasoning?.durationMs !== undefined && startedAt !== undefined
        ? startedAt + reasoning.durationMs
        : undefined
    const elapsed = useElapsedTime(startedAt, { running: phase === 'waiting' || phase === 'thinking', until })
    if (!phase) return null

    const done = phase === 'done'
    const duration = reasoning?.durationMs ?? elapsed
    const announcement = done ? `Thought for ${formatDuration(duration)}` : `${label}…`
    const hasText = Boolean(reasoning?.text)

    return (
      <div
        ref={ref}
        className={['ras-thinking', className].filter(Boolean).join(' ')}
        data-state={phase}
        data-expanded={expanded ? 'true' : 'false'}
        {...rest}
      >
        <div className="ras-thinking-header">
          {done ? null : <span className="ras-thinking-pulse" aria-hidden="true" />}
          <span role="status" className="ras-thinking-label">
            {announcement}
          </span>
          {!done && startedAt !== undefined ? (
            <span className="ras-thinking-time" aria-hidden="true">
              {formatDuration(elapsed)}
            </span>
          ) : null}
          {hasText ? (
            <button
              type="button"
              className="ras-thinking-toggle"
              aria-expanded={expanded}
              aria-controls={bodyId}
              onClick={() => setExpanded((value) => !value)}
            >
              {expanded ? 'Hide reasoning' : 'Show reasoning'}
            </button>
          ) : null}
        </div>
        {hasText ? (
          <div id={bodyId} className="ras-thinking-body" hidden={!expanded}>
            {renderReasoning ? (
              renderReasoning(reasoning?.text ?? '', phase === 'thinking')
            ) : (
              <StreamingMarkdown content={reasoning?.text ?? ''} streaming={phase === 'thinking'} />
            )}
          </div>
        ) : null}
      </div>
    )
  },
)
