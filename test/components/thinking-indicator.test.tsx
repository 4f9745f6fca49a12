import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { ThinkingIndicator } from 'react-agent-stream'

describe('ThinkingIndicator', () => {
  it('shows from submitted until the first token, as a status', () => {
    const { rerender, container } = render(<ThinkingIndicator status="submitted" />)
    expect(screen.getByRole('status')).toHaveTextContent('Thinking…')
    rerender(<ThinkingIndicator status="streaming" />)
    expect(container).toBeEmptyDOMElement()
  })

  it('renders nothing when idle or complete without reasoning', () => {
    const { container, rerender } = render(<ThinkingIndicator status="idle" />)
    expect(container).toBeEmptyDOMElement()
    rerender(<ThinkingIndicator status="complete" />)
    expect(container).toBeEmptyDOMElement()
  })

  it('announces only the start and the end, never the streaming reasoning text', () => {
    const { rerender } = render(
      <ThinkingIndicator
        reasoning={{ type: 'reasoning', text: 'First I', state: 'streaming', startedAt: 0 }}
      />,
    )
    const status = screen.getByRole('status')
    expect(status).toHaveTextContent('Thinking…')
    rerender(
      <ThinkingIndicator
        reasoning={{ type: 'reasoning', text: 'First I compare the', state: 'streaming', startedAt: 0 }}
      />,
    )
    expect(status).toHaveTextContent(/^Thinking…$/)
    rerender(
      <ThinkingIndicator
        reasoning={{
          type: 'reasoning',
          text: 'First I compare the options.',
          state: 'done',
          startedAt: 0,
          durationMs: 3200,
        }}
      />,
    )
    expect(screen.getByRole('status')).toHaveTextContent(/^Thought for 3.2 s$/)
  })

  it('keeps the reasoning text behind a disclosure that the keyboard opens', async () => {
    const user = userEvent.setup()
    render(
      <ThinkingIndicator
        reasoning={{ type: 'reasoning', text: 'Compare **both** options.', state: 'done', durationMs: 1000 }}
      />,
    )
    const toggle = screen.getByRole('button', { name: 'Show reasoning' })
    expect(screen.getByText('both')).not.toBeVisible()
    toggle.focus()
    await user.keyboard('{Enter}')
    expect(screen.getByRole('button', { name: 'Hide reasoning' })).toHaveAttribute('aria-expanded', 'true')
    expect(screen.getByText('both').tagName).toBe('STRONG')
    expect(screen.getByText('both')).toBeVisible()
  })

  it('counts elapsed time while thinking', () => {
    vi.useFakeTimers({ now: 1000 })
    try {
      render(<ThinkingIndicator status="submitted" since={1000} />)
      act(() => vi.advanceTimersByTime(2000))
      expect(screen.getByText('2.0 s')).toBeInTheDocument()
    } finally {
      vi.useRealTimers()
    }
  })
})
