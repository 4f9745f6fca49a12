import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
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
