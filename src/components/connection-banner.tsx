import { type ComponentPropsWithoutRef, forwardRef } from 'react'
import { type ConnectionStatus, describeError, type StreamError } from '../core/index.js'
import { useNow } from '../hooks/use-elapsed-time.js'

export interface ConnectionBannerProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** The connection status from the hook. */
  connection: ConnectionStatus
  /** Epoch ms of the next reconnect attempt, while reconnecting. */
  retryAt?: number | undefined
  /** The error that failed the connection. */
  error?: StreamError | null | undefined
  /** False when the browser is offline (a connection status of 'offline' says so too). @default true */
  online?: boolean
  /** Offers "Retry now" (the hook's `retry`). */
  onRetry?: () => void
}

type BannerState = 'offline' | 'reconnecting' | 'failed'

/** Says what the connection is doing when it is not fine: reconnecting in N s, offline, or failed and why. */
export const ConnectionBanner = /* @__PURE__ */ forwardRef<HTMLDivElement, ConnectionBannerProps>(
  function ConnectionBanner({ connection, retryAt, error, online = true, onRetry, className, ...rest }, ref) {
    const state: BannerState | undefined =
      !online || connection === 'offline'
        ? 'offline'
        : connection === 'reconnecting'
          ? 'reconnecting'
          : connection === 'failed'
            ? 'failed'
            : undefined
    const now = useNow(state === 'reconnecting' && retryAt !== undefined, 250)
    if (!state) return null

    const secondsLeft = retryAt === undefined ? undefined : Math.max(0, Math.ceil((retryAt - now) / 1000))
    let text: string
    if (state === 'offline') text = 'You are offline. The chat reconnects when the network is back.'
    else if (state === 'reconnecting')
      text = secondsLeft
        ? `Connection lost. Reconnecting in ${secondsLeft} s…`
        : 'Connection lost. Reconnecting…'
    else text = `Connection failed. ${error ? describeError(error) : ''}`.trim()

    return (
      <div
        ref={ref}
        role={state === 'failed' ? 'alert' : 'status'}
        className={['ras-connection-banner', className].filter(Boolean).join(' ')}
        data-state={state}
        {...rest}
      >
        <span className="ras-connection-banner-text">{text}</span>
        {onRetry && state !== 'offline' ? (
          <button type="button" onClick={onRetry}>
            Retry now
          </button>
        ) : null}
      </div>
    )
  },
)
