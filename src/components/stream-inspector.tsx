import { type ComponentPropsWithoutRef, forwardRef } from 'react'
import type { AgentEvent, ChatSnapshot } from '../core/index.js'

export interface StreamInspectorProps extends Omit<ComponentPropsWithoutRef<'aside'>, 'children'> {
  /** The chat snapshot (`useStreamingChat(...).snapshot`). */
  snapshot: ChatSnapshot
  /** Recent decoded events, oldest first (collect them with `useEventLog`). */
  events?: readonly AgentEvent[]
  /** How many of the latest events to show. @default 200 */
  maxEvents?: number
  /** Accessible name. @default 'Stream inspector' */
  label?: string
}

const format = (value: number | undefined, unit: string, digits = 0) =>
  value === undefined ? '–' : `${value.toFixed(digits)} ${unit}`

function describeEvent(event: AgentEvent): string {
  switch (event.type) {
    case 'text-delta':
    case 'reasoning-delta':
      return JSON.stringify(event.text)
    case 'tool-call-start':
      return `${event.name} (${event.id})`
    case 'tool-call-delta':
      return `${event.id} ${JSON.stringify(event.argsText)}`
    case 'tool-call-end':
    case 'tool-result':
    case 'tool-error':
      return event.id
    case 'agent-start':
      return event.agent
    case 'data':
      return event.name
    case 'error':
      return event.message
    case 'finish':
      return event.reason ?? ''
    default:
      return ''
  }
}

/**
 * A debug panel for a chat: connection and response state, live metrics (time to first token,
 * tokens/s, reconnects, stalls, bytes), caps hit, and the latest decoded events. Drop it into a
 * debug build next to the chat.
 */
export const StreamInspector = /* @__PURE__ */ forwardRef<HTMLElement, StreamInspectorProps>(
  function StreamInspector(
    { snapshot, events = [], maxEvents = 200, label = 'Stream inspector', className, ...rest },
    ref,
  ) {
    const { metrics } = snapshot
    const shown = events.slice(-maxEvents)
    const rows: [string, string][] = [
      ['status', snapshot.status],
      ['connection', snapshot.connection],
      ['time to first token', format(metrics.timeToFirstTokenMs, 'ms')],
      ['tokens', String(metrics.tokens)],
      ['tokens/s', format(metrics.tokensPerSecond, '/s', 1)],
      ['bytes', String(metrics.bytes)],
      ['reconnects', String(metrics.reconnects)],
      ['stalls', String(metrics.stalls)],
      ['last event id', snapshot.lastEventId ?? '–'],
      ['resumable', snapshot.resumable ? 'yes' : 'no'],
      ['truncated', snapshot.truncated ? `yes (${snapshot.droppedCharacters} characters dropped)` : 'no'],
      ['error', snapshot.error ? `${snapshot.error.code}: ${snapshot.error.message}` : '–'],
    ]
    return (
      <aside
        ref={ref}
        aria-label={label}
        className={['ras-inspector', className].filter(Boolean).join(' ')}
        data-status={snapshot.status}
        data-connection={snapshot.connection}
        {...rest}
      >
        <dl className="ras-inspector-stats">
          {rows.map(([name, value]) => (
            <div key={name} className="ras-inspector-row">
              <dt>{name}</dt>
              <dd data-name={name}>{value}</dd>
            </div>
          ))}
        </dl>
        <details className="ras-inspector-events" open>
          <summary>
            Events ({events.length}
            {events.length > shown.length ? `, last ${shown.length} shown` : ''})
          </summary>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable) */}
          <ol className="ras-inspector-log" tabIndex={0}>
            {shown.map((event, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log; position is identity
              <li key={events.length - shown.length + index} data-type={event.type}>
                <span className="ras-inspector-type">{event.type}</span> {describeEvent(event)}
              </li>
            ))}
          </ol>
        </details>
      </aside>
    )
  },
)
