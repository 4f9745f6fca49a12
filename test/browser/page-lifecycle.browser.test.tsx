import { render } from '@testing-library/react'
import { messageText, useStreamingChat } from 'react-agent-stream'
import { getScenario, scenarioText } from 'react-agent-stream/testing'
import { inject } from 'vitest'
import { page } from 'vitest/browser'

const fullAnswer = scenarioText(getScenario('markdown'))

function Chat({ api }: { api: string }) {
  const { messages, status, connection, send } = useStreamingChat({ api })
  const answer = messages.find((message) => message.role === 'assistant')
  return (
    <div>
      <output aria-label="status">{status}</output>
      <output aria-label="connection">{connection}</output>
      <button type="button" onClick={() => void send('hello')}>
        Ask
      </button>
      <output aria-label="answer">{answer ? messageText(answer) : ''}</output>
    </div>
  )
}

/** What Chromium fires when the page enters (pagehide) or leaves (pageshow) the back/forward cache. */
const transition = (type: 'pagehide' | 'pageshow') =>
  window.dispatchEvent(new PageTransitionEvent(type, { persisted: true }))

describe('the back/forward cache in real Chromium', () => {
  it('closes the stream on pagehide and continues it on pageshow without losing or repeating a token', async () => {
    render(<Chat api={`${inject('mockUrl')}/api/chat?key=bfcache&delayMs=20`} />)
    await page.getByRole('button', { name: 'Ask' }).click()
    await expect.element(page.getByLabelText('status'), { timeout: 15_000 }).toHaveTextContent('streaming')
    transition('pagehide')
    await expect.element(page.getByLabelText('connection')).toHaveTextContent('closed')
    const shown = page.getByLabelText('answer').element().textContent ?? ''
    expect(shown.length).toBeLessThan(fullAnswer.length)
    // Closed means closed: nothing arrives while the page sits in the cache.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(page.getByLabelText('answer').element().textContent).toBe(shown)
    transition('pageshow')
    await expect.element(page.getByLabelText('status'), { timeout: 15_000 }).toHaveTextContent('complete')
    expect(page.getByLabelText('answer').element().textContent).toBe(fullAnswer)
  })
})
