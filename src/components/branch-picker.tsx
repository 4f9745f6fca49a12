import { type ComponentPropsWithoutRef, forwardRef } from 'react'

export interface BranchPickerProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children' | 'onChange'> {
  /** The version shown, from 0 (`snapshot.branches[id].index`). */
  index: number
  /** Versions at this fork (`snapshot.branches[id].count`). */
  count: number
  /** Called with the index of the version to show (the hook's `switchBranch(id, index)`). */
  onSwitch: (index: number) => void
  /** Accessible name of the group. @default 'Versions' */
  label?: string
  /** Accessible name of the button that goes back. @default 'Previous version' */
  previousLabel?: string
  /** Accessible name of the button that goes forward. @default 'Next version' */
  nextLabel?: string
}

/**
 * "‹ 2 / 3 ›": steps through the versions at a fork (edits of a message, regenerated answers).
 * The ends use aria-disabled rather than disabled, so a keyboard user's focus stays on the button
 * that reached them; the position is announced politely as "Version 2 of 3".
 */
export const BranchPicker = /* @__PURE__ */ forwardRef<HTMLDivElement, BranchPickerProps>(
  function BranchPicker(
    {
      index,
      count,
      onSwitch,
      label = 'Versions',
      previousLabel = 'Previous version',
      nextLabel = 'Next version',
      className,
      ...rest
    },
    ref,
  ) {
    const first = index <= 0
    const last = index >= count - 1
    return (
      // biome-ignore lint/a11y/useSemanticElements: a fieldset brings form styling and wants a legend; this is two buttons
      <div
        ref={ref}
        role="group"
        aria-label={label}
        className={['ras-branch-picker', className].filter(Boolean).join(' ')}
        data-index={index}
        data-count={count}
        {...rest}
      >
        <button
          type="button"
          className="ras-branch-picker-button"
          aria-label={previousLabel}
          aria-disabled={first}
          onClick={() => {
            if (!first) onSwitch(index - 1)
          }}
        >
          ‹
        </button>
        <span className="ras-branch-picker-count" aria-hidden="true">
          {index + 1} / {count}
        </span>
        <span className="ras-visually-hidden" aria-live="polite">
          Version {index + 1} of {count}
        </span>
        <button
          type="button"
          className="ras-branch-picker-button"
          aria-label={nextLabel}
          aria-disabled={last}
          onClick={() => {
            if (!last) onSwitch(index + 1)
          }}
        >
          ›
        </button>
      </div>
    )
  },
)
