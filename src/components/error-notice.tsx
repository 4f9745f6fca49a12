import { type ComponentPropsWithoutRef, forwardRef } from 'react'
import { describeError, type StreamError } from '../core/index.js'

export interface ErrorNoticeProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** The error to show; nothing renders without one. */
  error: StreamError | null | undefined
  /** Offers "Try again" (the hook's `retry`). */
  onRetry?: () => void
  /** Offers "Dismiss". */
  onDismiss?: () => void
  /** Show the technical message under the friendly one. @default true */
  showDetails?: boolean
}

/** A failed response, said in words a person can act on, with "Try again". */
export const ErrorNotice = /* @__PURE__ */ forwardRef<HTMLDivElement, ErrorNoticeProps>(function ErrorNotice(
  { error, onRetry, onDismiss, showDetails = true, className, ...rest },
  ref,
) {
  if (!error) return null
  return (
    <div
      ref={ref}
      role="alert"
      className={['ras-error-notice', className].filter(Boolean).join(' ')}
      data-code={error.code}
      {...rest}
    >
      <p className="ras-error-notice-text">{describeError(error)}</p>
      {showDetails && error.message ? <p className="ras-error-notice-details">{error.message}</p> : null}
      <div className="ras-error-notice-actions">
        {onRetry ? (
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        ) : null}
        {onDismiss ? (
          <button type="button" onClick={onDismiss}>
            Dismiss
          </button>
        ) : null}
      </div>
    </div>
  )
})
