import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { ConnectionBanner, ErrorNotice, StreamError } from 'react-agent-stream'

describe('ConnectionBanner', () => {
  it('renders nothing while the connection is fine', () => {
    const { container } = render(<ConnectionBanner connection="open" />)
    expect(container).toBeEmptyDOMElement()
  })

  it('counts down to the next reconnect and offers "Retry now"', async () => {
    vi.useFakeTimers({ now: 0 })
    try {
      const onRetry = vi.fn()
      render(<ConnectionBanner connection="reconnecting" retryAt={4000} onRetry={onRetry} />)
      expect(screen.getByRole('status')).toHaveTextContent('Reconnecting in 4 s')
      act(() => vi.advanceTimersByTime(1500))
      expect(screen.getByRole('status')).toHaveTextContent('Reconnecting in 3 s')
      act(() => screen.getByRole('button', { name: 'Retry now' }).click())
      expect(onRetry).toHaveBeenCalledOnce()
    } finally {
      vi.useRealTimers()
    }
  })

  it('says offline when the browser is offline', () => {
    render(<ConnectionBanner connection="reconnecting" online={false} />)
    expect(screen.getByRole('status')).toHaveTextContent('You are offline')
  })

  it("says offline when the connection status is 'offline', without offering a retry", () => {
    render(<ConnectionBanner connection="offline" onRetry={() => {}} />)
    expect(screen.getByRole('status')).toHaveTextContent('You are offline')
    expect(screen.getByRole('status')).toHaveAttribute('data-state', 'offline')
    expect(screen.queryByRole('button')).toBeNull()
  })

  it('alerts with the reason when the connection failed', () => {
    render(
      <ConnectionBanner
        connection="failed"
        error={new StreamError('rate_limited', 'slow down', { status: 429 })}
      />,
    )
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Connection failed. Too many requests: wait a moment and try again. (HTTP 429)',
    )
  })
})

describe('ErrorNotice', () => {
  it('renders nothing without an error', () => {
    const { container } = render(<ErrorNotice error={null} />)
    expect(container).toBeEmptyDOMElement()
  })

  it('says what went wrong and offers "Try again"', async () => {
    const user = userEvent.setup()
    const onRetry = vi.fn()
    render(
      <ErrorNotice
        error={new StreamError('unauthorized', 'HTTP 401 from /api/chat', { status: 401 })}
        onRetry={onRetry}
      />,
    )
    const alert = screen.getByRole('alert')
    expect(alert).toHaveAttribute('data-code', 'unauthorized')
    expect(alert).toHaveTextContent('You are not signed in, or your session expired. (HTTP 401)')
    expect(alert).toHaveTextContent('HTTP 401 from /api/chat')
    await user.click(screen.getByRole('button', { name: 'Try again' }))
    expect(onRetry).toHaveBeenCalledOnce()
  })
})
