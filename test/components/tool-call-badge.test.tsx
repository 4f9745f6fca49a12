// Just over 300 lines: every state of a tool call (streaming, running, approval, results, errors)
// rendered and driven through the one badge, each state next to the ones it moves between.
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ComponentProps } from 'react'
import { ToolCallBadge, type ToolCallPart } from 'react-agent-stream'

const base: ToolCallPart = {
  type: 'tool-call',
  id: 'call-1',
  name: 'search_docs',
  argsText: '',
  state: 'input-streaming',
}

describe('ToolCallBadge', () => {
  it('shows each state as text, not colour alone', () => {
    const { rerender } = render(<ToolCallBadge call={base} />)
    expect(screen.getByRole('button', { name: /search_docs Preparing/ })).toBeInTheDocument()
    rerender(<ToolCallBadge call={{ ...base, state: 'running' }} />)
    expect(screen.getByText('Running')).toBeInTheDocument()
    rerender(<ToolCallBadge call={{ ...base, state: 'succeeded' }} />)
    expect(screen.getByText('Done')).toBeInTheDocument()
    rerender(<ToolCallBadge call={{ ...base, state: 'failed', error: 'quota exceeded' }} />)
    expect(screen.getByText('Failed')).toBeInTheDocument()
    expect(screen.getByRole('alert')).toHaveTextContent('quota exceeded')
  })

  it('exposes the state as data-state for styling', () => {
    const { container } = render(<ToolCallBadge call={{ ...base, state: 'running' }} />)
    expect(container.firstElementChild).toHaveAttribute('data-state', 'running')
  })

  it('shows the partial arguments while they stream', async () => {
    render(<ToolCallBadge call={{ ...base, argsText: '{"query": "strea' }} defaultExpanded />)
    expect(screen.getByText('{"query": "strea')).toBeVisible()
  })

  it('expands and collapses arguments and result from the keyboard', async () => {
    const user = userEvent.setup()
    render(
      <ToolCallBadge
        call={{
          ...base,
          state: 'succeeded',
          args: { query: 'sse' },
          argsText: '{"query":"sse"}',
          result: { hits: 3 },
        }}
      />,
    )
    const toggle = screen.getByRole('button', { name: /search_docs/ })
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(screen.queryByText(/"hits": 3/)).not.toBeVisible()
    toggle.focus()
    await user.keyboard('{Enter}')
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    expect(screen.getByText(/"hits": 3/)).toBeVisible()
    expect(screen.getByText(/"query": "sse"/)).toBeVisible()
    await user.keyboard(' ')
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
  })

  it('cuts a large result and shows the rest on "Show more"', async () => {
    const user = userEvent.setup()
    const result = 'x'.repeat(5000)
    render(
      <ToolCallBadge call={{ ...base, state: 'succeeded', result }} defaultExpanded maxResultChars={100} />,
    )
    expect(screen.getByText(`${'x'.repeat(100)}…`)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: /Show more \(4900 more characters\)/ }))
    expect(screen.getByText(result)).toBeInTheDocument()
  })

  it('shows elapsed time while running and the duration once done', () => {
    vi.useFakeTimers({ now: 10_000 })
    try {
      const { rerender } = render(<ToolCallBadge call={{ ...base, state: 'running', startedAt: 10_000 }} />)
      act(() => vi.advanceTimersByTime(3000))
      expect(screen.getByText('3.0 s')).toBeInTheDocument()
      rerender(<ToolCallBadge call={{ ...base, state: 'succeeded', startedAt: 10_000, endedAt: 14_500 }} />)
      expect(screen.getByText('4.5 s')).toBeInTheDocument()
    } finally {
      vi.useRealTimers()
    }
  })

  it('forwards its ref and passes className and other props through', () => {
    const ref = { current: null as HTMLDivElement | null }
    render(<ToolCallBadge ref={ref} call={base} className="mine" data-testid="badge" />)
    expect(ref.current).toBe(screen.getByTestId('badge'))
    expect(ref.current?.className).toBe('ras-tool-call mine')
  })
})

describe('ToolCallBadge awaiting approval', () => {
  const awaiting: ToolCallPart = {
    type: 'tool-call',
    id: 'call-2',
    name: 'send_email',
    argsText: '{"to":"team@example.com"}',
    args: { to: 'team@example.com' },
    state: 'awaiting-approval',
    approval: { id: 'approval-1' },
  }
  const header = () => screen.getByRole('button', { name: /^send_email/ })

  function renderAwaiting(props: Partial<ComponentProps<typeof ToolCallBadge>> = {}) {
    const onApprove = vi.fn()
    const onDeny = vi.fn()
    const view = render(<ToolCallBadge call={awaiting} onApprove={onApprove} onDeny={onDeny} {...props} />)
    return { ...view, onApprove, onDeny, user: userEvent.setup() }
  }

  it('shows what is to be approved, its arguments open, with Approve and Deny', () => {
    renderAwaiting()
    expect(header()).toHaveAccessibleName('send_email Needs approval')
    expect(header()).toHaveAttribute('aria-expanded', 'true')
    expect(screen.getByText(/"to": "team@example.com"/)).toBeVisible()
    const group = screen.getByRole('group', { name: 'send_email: Needs approval' })
    expect(within(group).getByRole('button', { name: 'Approve' })).toBeVisible()
    expect(within(group).getByRole('button', { name: 'Deny' })).toBeVisible()
    expect(screen.getByRole('status')).toHaveTextContent('')
  })

  it('approves once, without a reason, and shows "Approved" until the part catches up', async () => {
    const { onApprove, onDeny, user, rerender } = renderAwaiting()
    await user.click(screen.getByRole('button', { name: 'Approve' }))
    expect(onApprove).toHaveBeenCalledTimes(1)
    expect(onApprove).toHaveBeenCalledWith({})
    expect(onDeny).not.toHaveBeenCalled()
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Deny' })).not.toBeInTheDocument()
    expect(header()).toHaveAccessibleName('send_email Approved')
    expect(header()).toHaveFocus()
    expect(screen.getByRole('status')).toHaveTextContent('Approved send_email')

    rerender(
      <ToolCallBadge
        call={{ ...awaiting, state: 'running', approval: { id: 'approval-1', approved: true } }}
        onApprove={onApprove}
        onDeny={onDeny}
      />,
    )
    expect(header()).toHaveAccessibleName('send_email Approved · Running')
    // The person just read the arguments: they stay open after the decision.
    expect(header()).toHaveAttribute('aria-expanded', 'true')
    expect(screen.getByRole('status')).toHaveTextContent('Approved send_email')
  })

  it('denies with a reason from the keyboard alone', async () => {
    const { onApprove, onDeny, user } = renderAwaiting()
    await user.tab()
    expect(header()).toHaveFocus()
    await user.tab()
    expect(screen.getByRole('button', { name: 'Approve' })).toHaveFocus()
    await user.tab()
    expect(screen.getByRole('button', { name: 'Deny' })).toHaveFocus()
    await user.tab()
    const toggle = screen.getByRole('button', { name: 'Add a reason' })
    expect(toggle).toHaveFocus()
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await user.keyboard('{Enter}')
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    const field = screen.getByRole('textbox', { name: 'Reason' })
    expect(field).toHaveFocus()
    expect(field).toHaveAccessibleDescription('Enter denies with this reason; Escape closes the field.')
    await user.keyboard('  Wrong recipient  {Enter}')
    expect(onDeny).toHaveBeenCalledTimes(1)
    expect(onDeny).toHaveBeenCalledWith({ reason: 'Wrong recipient' })
    expect(onApprove).not.toHaveBeenCalled()
    expect(header()).toHaveFocus()
    expect(header()).toHaveAccessibleName('send_email Denied')
    expect(screen.getByText('Reason: Wrong recipient')).toBeVisible()
    expect(screen.getByRole('status')).toHaveTextContent('Denied send_email')
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument()
  })

  it('denies without a reason from the Deny button', async () => {
    const { onDeny, user } = renderAwaiting()
    await user.tab()
    await user.tab()
    await user.tab()
    await user.keyboard('{Enter}')
    expect(onDeny).toHaveBeenCalledTimes(1)
    expect(onDeny).toHaveBeenCalledWith({})
    expect(screen.queryByText(/^Reason:/)).not.toBeInTheDocument()
  })

  it('closes the reason field on Escape, back on its toggle, and then sends no reason', async () => {
    const onKeyDown = vi.fn()
    const { onApprove, user } = renderAwaiting({ onKeyDown })
    await user.click(screen.getByRole('button', { name: 'Add a reason' }))
    await user.keyboard('typed, then taken back{Escape}')
    expect(screen.getByRole('button', { name: 'Add a reason' })).toHaveFocus()
    expect(screen.getByRole('button', { name: 'Add a reason' })).toHaveAttribute('aria-expanded', 'false')
    expect(screen.queryByRole('textbox', { name: 'Reason' })).not.toBeInTheDocument()
    // Escape stays with the field: a dialog around the chat does not close with it.
    expect(onKeyDown).not.toHaveBeenCalledWith(expect.objectContaining({ key: 'Escape' }))
    await user.click(screen.getByRole('button', { name: 'Approve' }))
    expect(onApprove).toHaveBeenCalledWith({})
  })

  it('sends a written reason with Approve too', async () => {
    const { onApprove, user } = renderAwaiting()
    await user.click(screen.getByRole('button', { name: 'Add a reason' }))
    await user.keyboard('Checked the address')
    await user.click(screen.getByRole('button', { name: 'Approve' }))
    expect(onApprove).toHaveBeenCalledWith({ reason: 'Checked the address' })
  })

  it('does not deny on the Enter that confirms an IME composition', async () => {
    const { onDeny, user } = renderAwaiting()
    await user.click(screen.getByRole('button', { name: 'Add a reason' }))
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Reason' }), { key: 'Enter', isComposing: true })
    expect(onDeny).not.toHaveBeenCalled()
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Reason' }), { key: 'Enter' })
    expect(onDeny).toHaveBeenCalledTimes(1)
  })

  it('reads "Needs approval" without buttons when nobody can decide here (a transcript)', () => {
    render(<ToolCallBadge call={awaiting} />)
    expect(header()).toHaveAccessibleName('send_email Needs approval')
    expect(screen.queryByRole('group')).not.toBeInTheDocument()
    expect(screen.queryAllByRole('button')).toHaveLength(1)
    expect(screen.queryByRole('status')).not.toBeInTheDocument()
  })

  it('shows only the button it has a handler for', () => {
    render(<ToolCallBadge call={awaiting} onDeny={vi.fn()} />)
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Deny' })).toBeVisible()
  })

  it.each<[string, ToolCallPart, string]>([
    [
      'approved, running',
      { ...awaiting, state: 'running', approval: { approved: true } },
      'Approved · Running',
    ],
    ['approved, done', { ...awaiting, state: 'succeeded', approval: { approved: true } }, 'Approved · Done'],
    ['denied', { ...awaiting, state: 'denied', approval: { approved: false } }, 'Denied'],
    ['decided elsewhere, not yet applied', { ...awaiting, approval: { approved: false } }, 'Denied'],
  ])('has no buttons once decided (%s)', (_, call, label) => {
    render(<ToolCallBadge call={call} onApprove={vi.fn()} onDeny={vi.fn()} />)
    expect(header()).toHaveAccessibleName(`send_email ${label}`)
    expect(screen.queryAllByRole('button')).toHaveLength(1)
  })

  it("shows a denial's reason, in words", () => {
    render(
      <ToolCallBadge
        call={{ ...awaiting, state: 'denied', approval: { approved: false, reason: 'Not today' } }}
      />,
    )
    expect(header()).toHaveAccessibleName('send_email Denied')
    expect(screen.getByText('Reason: Not today')).toBeVisible()
  })

  it('says when a tool runs in the browser', () => {
    const { rerender } = render(<ToolCallBadge call={{ ...awaiting, state: 'running', runBy: 'client' }} />)
    expect(header()).toHaveAccessibleName('send_email Running in your browser')
    rerender(
      <ToolCallBadge
        call={{ ...awaiting, state: 'running', runBy: 'client', approval: { approved: true } }}
      />,
    )
    expect(header()).toHaveAccessibleName('send_email Approved · Running in your browser')
  })

  it('asks again on a new approval request, or when the part asks again after a decision', async () => {
    const { user, rerender, onApprove, onDeny } = renderAwaiting()
    await user.click(screen.getByRole('button', { name: 'Deny' }))
    expect(screen.queryByRole('button', { name: 'Deny' })).not.toBeInTheDocument()
    rerender(
      <ToolCallBadge
        call={{ ...awaiting, approval: { id: 'approval-2' } }}
        onApprove={onApprove}
        onDeny={onDeny}
      />,
    )
    expect(screen.getByRole('button', { name: 'Deny' })).toBeVisible()
    await user.click(screen.getByRole('button', { name: 'Deny' }))
    // The part takes the decision, then (a retried run) asks again with the same request.
    const decided: ToolCallPart = {
      ...awaiting,
      state: 'denied',
      approval: { id: 'approval-2', approved: false },
    }
    rerender(<ToolCallBadge call={decided} onApprove={onApprove} onDeny={onDeny} />)
    expect(screen.queryByRole('button', { name: 'Deny' })).not.toBeInTheDocument()
    const again: ToolCallPart = { ...awaiting, approval: { id: 'approval-2' } }
    rerender(<ToolCallBadge call={again} onApprove={onApprove} onDeny={onDeny} />)
    expect(screen.getByRole('button', { name: 'Deny' })).toBeVisible()
  })

  it('takes its words from labels', async () => {
    const { user, onDeny } = renderAwaiting({
      labels: { 'awaiting-approval': 'Waiting for you', approve: 'Allow', deny: 'Block', addReason: 'Why?' },
    })
    expect(header()).toHaveAccessibleName('send_email Waiting for you')
    expect(screen.getByRole('button', { name: 'Allow' })).toBeVisible()
    await user.click(screen.getByRole('button', { name: 'Why?' }))
    await user.keyboard('x{Enter}')
    expect(onDeny).toHaveBeenCalledWith({ reason: 'x' })
  })
})
