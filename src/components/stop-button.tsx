import { type ComponentPropsWithoutRef, forwardRef } from 'react'
import { type ChatStatus, isActiveStatus } from '../core/index.js'

export interface StopButtonProps extends Omit<ComponentPropsWithoutRef<'button'>, 'onClick'> {
  /** Stops the response in flight (the hook's `stop`). */
  onStop: () => void
  /** Enabled only while something is in flight. */
  status: ChatStatus
}

/** Stops the response in flight; disabled when there is nothing to stop. */
export const StopButton = /* @__PURE__ */ forwardRef<HTMLButtonElement, StopButtonProps>(function StopButton(
  { onStop, status, className, children, ...rest },
  ref,
) {
  const active = isActiveStatus(status)
  return (
    <button
      ref={ref}
      type="button"
      className={['ras-stop-button', className].filter(Boolean).join(' ')}
      data-status={status}
      disabled={!active}
      onClick={onStop}
      {...rest}
    >
      {children ?? 'Stop'}
    </button>
  )
})
