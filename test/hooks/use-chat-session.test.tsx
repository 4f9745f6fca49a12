import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import { memo, StrictMode } from 'react'
import { type ChatSession, useChatSession, useStreamingChat, useStreamMetrics } from 'react-agent-stream'
import { setupMockAgentServer } from '../helpers/setup-server.js'

const server = setupMockAgentServer({ tokenDelayMs: 1 })

describe('useChatSession', () => {
  it('re-renders a status-only component on status changes, not per token', async () => {
    const statuses: string[] = []
    // Memoized, so only its own subscription can re-render it (not the parent's token renders).
    const StatusBadge = memo(function StatusBadge({ session }: { session: ChatSession }) {
      const status = useChatSession(session, (snapshot) => snapshot.status)
      statuses.push(status)
      return <output aria-label="status">{status}</output>
    })
    let tokenRenders = 0
    function Chat() {
      const chat = useStreamingChat({ api: `${server.url}/api/chat?delayMs=2` })
      tokenRenders++
      return (
        <>
          <StatusBadge session={chat.session} />
          <button type="button" onClick={() => void chat.send('hi')}>
            Ask
          </button>
        </>
      )
    }
    render(<Chat />)
    act(() => screen.getByRole('button').click())
    await waitFor(() => expect(screen.getByLabelText('status').textContent).toBe('complete'), {
      timeout: 10_000,
    })
    // The chat itself re-rendered as tokens arrived; the badge only when the status changed.
    expect(tokenRenders).toBeGreaterThan(10)
    expect([...new Set(statuses)]).toEqual(['idle', 'submitted', 'streaming', 'complete'])
    expect(statuses).toHaveLength(4)
  })

  it('keeps the previous selection when the selector builds an equal value', async () => {
    const { result } = renderHook(
      () => {
        const chat = useStreamingChat({ api: `${server.url}/api/chat` })
        const counts = useChatSession(
          chat.session,
          (snapshot) => ({ messages: snapshot.messages.length }),
          (a, b) => a.messages === b.messages,
        )
        return { chat, counts }
      },
      { wrapper: StrictMode },
    )
    const first = result.current.counts
    act(() => result.current.chat.setMessages([]))
    expect(result.current.counts).toBe(first)
  })
})

describe('useStreamMetrics', () => {
  it('reports time to first token, tokens per second and whether the response is live', async () => {
    const { result } = renderHook(() => {
      const chat = useStreamingChat({ api: `${server.url}/api/chat?delayMs=2` })
      return { chat, metrics: useStreamMetrics(chat.session) }
    })
    expect(result.current.metrics.live).toBe(false)
    let done: Promise<unknown> = Promise.resolve()
    act(() => {
      done = result.current.chat.send('hi')
    })
    expect(result.current.metrics.live).toBe(true)
    await act(async () => {
      await done
    })
    const metrics = result.current.metrics
    expect(metrics.live).toBe(false)
    expect(metrics.timeToFirstTokenMs).toBeGreaterThanOrEqual(0)
    expect(metrics.tokens).toBeGreaterThan(50)
    expect(metrics.tokensPerSecond).toBeGreaterThan(0)
    expect(metrics.reconnects).toBe(0)
  })

  it('counts a reconnect after a drop', async () => {
    const { result } = renderHook(() => {
      const chat = useStreamingChat({ api: `${server.url}/api/chat?key=metrics-drop&dropAfterEvents=5` })
      return { chat, metrics: useStreamMetrics(chat.session) }
    })
    await act(async () => {
      await result.current.chat.send('hi')
    })
    expect(result.current.chat.status).toBe('complete')
    expect(result.current.metrics.reconnects).toBe(1)
  })
})
