import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { type ChatMessage, MessageList, MessageView } from 'react-agent-stream'

const user: ChatMessage = { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'What is **SSE**?' }] }
const answer: ChatMessage = {
  id: 'a1',
  role: 'assistant',
  parts: [
    { type: 'reasoning', text: 'Recall the spec.', state: 'done', durationMs: 1200 },
    {
      type: 'tool-call',
      id: 't1',
      name: 'search',
      argsText: '{"q":"sse"}',
      args: { q: 'sse' },
      state: 'succeeded',
    },
    { type: 'text', text: 'Server-sent events are **one-way**.' },
  ],
}

describe('MessageView', () => {
  it('renders the parts in order: reasoning, tool call, then markdown text', () => {
    render(<MessageView message={answer} />)
    const article = screen.getByRole('article', { name: 'Assistant said' })
    const text = article.textContent ?? ''
    expect(text.indexOf('Thought for')).toBeLessThan(text.indexOf('search'))
    expect(text.indexOf('search')).toBeLessThan(text.indexOf('Server-sent'))
    expect(within(article).getByText('one-way').tagName).toBe('STRONG')
  })

  it("keeps the user's text literal, not markdown", () => {
    render(<MessageView message={user} />)
    expect(screen.getByText('What is **SSE**?')).toBeInTheDocument()
  })

  it("labels a multi-agent turn with the agent's name", () => {
    render(<MessageView message={{ ...answer, agent: 'Researcher' }} />)
    expect(screen.getByRole('article', { name: 'Researcher said' })).toHaveAttribute(
      'data-agent',
      'Researcher',
    )
  })

  it('does not render again when given the same message object', () => {
    const renderData = vi.fn(() => null)
    const message: ChatMessage = { id: 'd', role: 'assistant', parts: [{ type: 'data', name: 'x', data: 1 }] }
    const { rerender } = render(<MessageView message={message} renderData={renderData} />)
    rerender(<MessageView message={message} renderData={renderData} />)
    expect(renderData).toHaveBeenCalledTimes(1)
    rerender(<MessageView message={{ ...message }} renderData={renderData} />)
    expect(renderData).toHaveBeenCalledTimes(2)
  })
})

describe('MessageList', () => {
  it('is a log that stays busy while the answer streams, so it is not read token by token', () => {
    const { rerender } = render(<MessageList messages={[user, answer]} status="streaming" />)
    const log = screen.getByRole('log', { name: 'Conversation' })
    expect(log).toHaveAttribute('aria-busy', 'true')
    expect(within(log).getAllByRole('article')).toHaveLength(2)
    rerender(<MessageList messages={[user, answer]} status="complete" />)
    expect(log).toHaveAttribute('aria-busy', 'false')
  })

  it('marks only the last assistant message as streaming', () => {
    render(<MessageList messages={[answer, user, { ...answer, id: 'a2' }]} status="streaming" />)
    const articles = screen.getAllByRole('article')
    expect(articles.map((article) => article.dataset.streaming)).toEqual(['false', 'false', 'true'])
  })
})

describe('MessageList with a tool call awaiting approval', () => {
  const pending: ChatMessage = {
    id: 'a3',
    role: 'assistant',
    parts: [
      { type: 'text', text: 'I will send it.' },
      { type: 'tool-call', id: 't9', name: 'send_email', argsText: '{}', state: 'awaiting-approval' },
    ],
  }

  it("passes the call's id and the reason to onApproveToolCall and onDenyToolCall", async () => {
    const onApproveToolCall = vi.fn()
    const onDenyToolCall = vi.fn()
    const events = userEvent.setup()
    const { unmount } = render(
      <MessageList
        messages={[user, answer, pending]}
        onApproveToolCall={onApproveToolCall}
        onDenyToolCall={onDenyToolCall}
      />,
    )
    // Only the call that waits gets buttons; the finished one in the earlier answer does not.
    expect(screen.getAllByRole('button', { name: 'Approve' })).toHaveLength(1)
    await events.click(screen.getByRole('button', { name: 'Approve' }))
    expect(onApproveToolCall).toHaveBeenCalledExactlyOnceWith('t9', {})
    unmount()

    render(
      <MessageList
        messages={[pending]}
        onApproveToolCall={onApproveToolCall}
        onDenyToolCall={onDenyToolCall}
      />,
    )
    await events.click(screen.getByRole('button', { name: 'Add a reason' }))
    await events.keyboard('Not that list{Enter}')
    expect(onDenyToolCall).toHaveBeenCalledExactlyOnceWith('t9', { reason: 'Not that list' })
  })

  it('shows no buttons without the callbacks', () => {
    render(<MessageList messages={[pending]} />)
    expect(screen.getByText('Needs approval')).toBeVisible()
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument()
  })
})

describe('MessageList with a long history', () => {
  it('re-renders only the streaming message when 1,000 earlier messages are on screen', () => {
    const renderData = vi.fn((part: { name: string }) => <span>{part.name}</span>)
    const history: ChatMessage[] = Array.from({ length: 1000 }, (_, index) => ({
      id: `m${index}`,
      role: index % 2 === 0 ? 'user' : 'assistant',
      parts: [{ type: 'data', name: `note-${index}`, data: index }],
    }))
    const streamingMessage = (text: string): ChatMessage => ({
      id: 'live',
      role: 'assistant',
      parts: [
        { type: 'data', name: 'live-note', data: 0 },
        { type: 'text', text },
      ],
    })
    const { rerender } = render(
      <MessageList
        messages={[...history, streamingMessage('Hel')]}
        status="streaming"
        renderData={renderData}
      />,
    )
    expect(renderData).toHaveBeenCalledTimes(1001)
    renderData.mockClear()
    for (const text of ['Hello', 'Hello, wor', 'Hello, world']) {
      rerender(
        <MessageList
          messages={[...history, streamingMessage(text)]}
          status="streaming"
          renderData={renderData}
        />,
      )
    }
    // Three token updates: the streaming message rendered three times, the 1,000 others never.
    expect(renderData).toHaveBeenCalledTimes(3)
    expect(renderData.mock.calls.every(([part]) => part.name === 'live-note')).toBe(true)
  })
})
