import { render, screen } from '@testing-library/react'
import { messageText, StreamingMarkdown, useStreamingChat } from 'react-agent-stream'
import { inject } from 'vitest'
import { page } from 'vitest/browser'

function Chat({ api }: { api: string }) {
  const { messages, status, send } = useStreamingChat({ api })
  const answer = messages.find((message) => message.role === 'assistant')
  return (
    <div>
      <output aria-label="status">{status}</output>
      <button type="button" onClick={() => void send('hello')}>
        Ask
      </button>
      {answer ? <StreamingMarkdown content={messageText(answer)} streaming={status === 'streaming'} /> : null}
    </div>
  )
}

describe('a chat in real Chromium against the mock agent server', () => {
  it('streams a markdown answer to completion and renders its table', async () => {
    render(<Chat api={`${inject('mockUrl')}/api/chat`} />)
    await page.getByRole('button', { name: 'Ask' }).click()
    await expect.element(page.getByLabelText('status'), { timeout: 15_000 }).toHaveTextContent('complete')
    await expect.element(page.getByRole('table')).toBeVisible()
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Streaming responses over SSE')
  })
})
