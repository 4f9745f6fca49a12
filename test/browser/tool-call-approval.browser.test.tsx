import { cleanup, render, screen } from '@testing-library/react'
import axe from 'axe-core'
import { ToolCallBadge, type ToolCallPart } from 'react-agent-stream'
import { afterEach, describe, expect, it } from 'vitest'
import { userEvent } from 'vitest/browser'
import '../../src/styles.css'

const awaiting: ToolCallPart = {
  type: 'tool-call',
  id: 'call-1',
  name: 'send_email',
  argsText: '{"to":"team@example.com"}',
  args: { to: 'team@example.com' },
  state: 'awaiting-approval',
  approval: { id: 'approval-1' },
}
const denied: ToolCallPart = {
  ...awaiting,
  id: 'call-2',
  state: 'denied',
  approval: { id: 'approval-2', approved: false, reason: 'Not to the whole team' },
}
const noop = () => {}

function Themed({ theme }: { theme: 'light' | 'dark' }) {
  return (
    <div className="ras-root" data-theme={theme} style={{ width: 560, padding: 16 }}>
      <ToolCallBadge call={awaiting} onApprove={noop} onDeny={noop} />
      <ToolCallBadge call={denied} onApprove={noop} onDeny={noop} defaultExpanded />
    </div>
  )
}

afterEach(cleanup)

describe('ToolCallBadge approval in Chromium', () => {
  it.each(['light', 'dark'] as const)(
    'passes axe waiting for approval (reason field open) and denied, %s theme',
    async (theme) => {
      const { container } = render(<Themed theme={theme} />)
      await userEvent.click(screen.getByRole('button', { name: 'Add a reason' }))
      expect(screen.getByRole('textbox', { name: 'Reason' })).toBeVisible()
      expect(screen.getByText('Reason: Not to the whole team')).toBeVisible()
      const results = await axe.run(container)
      expect(results.violations.map((violation) => violation.id)).toEqual([])
      // color-contrast ran on the controls, not skipped for want of styles.
      expect(results.passes.map((rule) => rule.id)).toContain('color-contrast')
    },
  )

  it('shows a focus ring on every control reached with Tab', async () => {
    render(
      <>
        <button type="button">Before</button>
        <Themed theme="light" />
      </>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Add a reason' }))
    screen.getByRole('button', { name: 'Before' }).focus()
    const order = [
      screen.getByRole('button', { name: 'send_email Needs approval' }),
      screen.getByRole('button', { name: 'Approve' }),
      screen.getByRole('button', { name: 'Deny' }),
      screen.getByRole('button', { name: 'Add a reason' }),
      screen.getByRole('textbox', { name: 'Reason' }),
      screen.getByRole('button', { name: 'send_email Denied' }),
    ]
    for (const element of order) {
      await userEvent.tab()
      expect(document.activeElement).toBe(element)
      expect(element.matches(':focus-visible')).toBe(true)
      const style = getComputedStyle(element)
      expect(style.outlineStyle).toBe('solid')
      expect(Number.parseFloat(style.outlineWidth)).toBeGreaterThanOrEqual(2)
    }
  })
})
