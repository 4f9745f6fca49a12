import { act, render, screen, waitFor } from '@testing-library/react'
import { StrictMode, version } from 'react'
import { messageText, useStreamingChat } from 'react-agent-stream'
import { type MockAgentServer, startMockAgentServer } from 'react-agent-stream/testing/server'

let server: MockAgentServer

beforeAll(async () => {
  server = await startMockAgentServer({ tokenDelayMs: 1 })
})

afterAll(async () => {
  await server.close()
})

function Chat({ api }: { api: string }) {
  const { messages, status, send } = useStreamingChat({ api })
  return (
    <div>
      <output aria-label="status">{status}</output>
      <button type="button" onClick={() => void send('hello')}>
        Ask
      </button>
      <ul>
        {messages.map((message) => (
          <li key={message.id} data-role={message.role}>
            {messageText(message)}
          </li>
        ))}
      </ul>
    </div>
  )
}

describe(`useStreamingChat on React ${version}`, () => {
  it('streams the mock agent answer over real SSE until complete', async () => {
    render(
      <StrictMode>
        <Chat api={`${server.url}/api/chat`} />
      </StrictMode>,
    )
    await act(async () => screen.getByRole('button', { name: 'Ask' }).click())
    await waitFor(() => expect(screen.getByLabelText('status').textContent).toBe('complete'), {
      timeout: 10_000,
    })
    const answer = screen.getAllByRole('listitem').find((item) => item.dataset.role === 'assistant')
    expect(answer?.textContent).toMatch(/^## Streaming responses over SSE/)
    expect(answer?.textContent).toMatch(/That is all it takes\.$/)
  })
})
