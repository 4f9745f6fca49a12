import { render, screen } from '@testing-library/react'
import { Profiler, StrictMode } from 'react'
import { messageText, useStreamingChat } from 'react-agent-stream'
import { inject } from 'vitest'
import { page } from 'vitest/browser'

function Chat({ api }: { api: string }) {
  const { messages, status, send } = useStreamingChat({ api })
  const last = messages.at(-1)
  return (
    <div>
      <output aria-label="status">{status}</output>
      <output aria-label="length">{last?.role === 'assistant' ? messageText(last).length : 0}</output>
      <button type="button" onClick={() => void send('go')}>
        Go
      </button>
    </div>
  )
}

async function streamAndCount(api: string) {
  let commits = 0
  let frames = 0
  let counting = true
  const tick = () => {
    frames++
    if (counting) requestAnimationFrame(tick)
  }
  render(
    <StrictMode>
      <Profiler id="chat" onRender={() => commits++}>
        <Chat api={api} />
      </Profiler>
    </StrictMode>,
  )
  // Count from the click: a burst can finish before a 'streaming' state could be observed.
  commits = 0
  requestAnimationFrame(tick)
  await page.getByRole('button', { name: 'Go' }).click()
  await expect.element(page.getByLabelText('status'), { timeout: 40_000 }).toHaveTextContent('complete')
  counting = false
  return { commits, frames, length: Number(screen.getByLabelText('length').textContent) }
}

describe('rendering cost while tokens stream, in real Chromium', () => {
  it('commits at most once per animation frame when 20,000 tokens arrive in a burst', async () => {
    const { commits, frames, length } = await streamAndCount(
      `${inject('mockUrl')}/api/chat?scenario=long&tokens=20000&delayMs=0`,
    )
    expect(length).toBeGreaterThan(20_000)
    // Status changes (submitted, streaming, complete) flush at once, outside the frame budget.
    expect(commits).toBeLessThanOrEqual(frames + 3)
  })

  it('commits at most once per animation frame under a steady drip of tokens', async () => {
    const { commits, frames } = await streamAndCount(
      `${inject('mockUrl')}/api/chat?scenario=long&tokens=1500&delayMs=1`,
    )
    expect(frames).toBeGreaterThan(10)
    expect(commits).toBeLessThanOrEqual(frames + 3)
  })
})
