import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { BranchPicker, type ChatMessage, MessageList } from 'react-agent-stream'

const question: ChatMessage = { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Name a colour' }] }
const reply: ChatMessage = { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'Blue' }] }

function renderEditable(onEditMessage = vi.fn()) {
  render(<MessageList messages={[question, reply]} onEditMessage={onEditMessage} />)
  return onEditMessage
}

describe('message editor', () => {
  it('offers Edit on user messages only', () => {
    renderEditable()
    expect(screen.getAllByRole('button', { name: 'Edit' })).toHaveLength(1)
    const you = screen.getByRole('article', { name: 'You said' })
    expect(within(you).getByRole('button', { name: 'Edit' })).toBeInTheDocument()
  })

  it('shows no Edit button when the app does not pass onEditMessage', () => {
    render(<MessageList messages={[question, reply]} />)
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull()
  })

  it('opens prefilled and focused, and sends the edited text on Enter', async () => {
    const user = userEvent.setup()
    const onEdit = renderEditable()
    await user.click(screen.getByRole('button', { name: 'Edit' }))
    const box = screen.getByRole('textbox', { name: 'Edit message' })
    expect(box).toHaveValue('Name a colour')
    expect(box).toHaveFocus()
    await user.type(box, ' please{Enter}')
    expect(onEdit).toHaveBeenCalledExactlyOnceWith('u1', 'Name a colour please')
    expect(screen.queryByRole('textbox', { name: 'Edit message' })).toBeNull()
  })

  it('adds a line on Shift+Enter and sends with the Send button', async () => {
    const user = userEvent.setup()
    const onEdit = renderEditable()
    await user.click(screen.getByRole('button', { name: 'Edit' }))
    await user.type(
      screen.getByRole('textbox', { name: 'Edit message' }),
      '{Shift>}{Enter}{/Shift}and a fruit',
    )
    expect(onEdit).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Send' }))
    expect(onEdit).toHaveBeenCalledExactlyOnceWith('u1', 'Name a colour\nand a fruit')
  })

  it('cancels on Escape, keeps the message, and returns focus to Edit', async () => {
    const user = userEvent.setup()
    const onEdit = renderEditable()
    await user.click(screen.getByRole('button', { name: 'Edit' }))
    await user.type(screen.getByRole('textbox', { name: 'Edit message' }), ' changed{Escape}')
    expect(onEdit).not.toHaveBeenCalled()
    expect(screen.queryByRole('textbox', { name: 'Edit message' })).toBeNull()
    expect(screen.getByText('Name a colour')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Edit' })).toHaveFocus()
  })

  it('cancels with the Cancel button and returns focus to Edit', async () => {
    const user = userEvent.setup()
    renderEditable()
    await user.click(screen.getByRole('button', { name: 'Edit' }))
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(screen.getByRole('button', { name: 'Edit' })).toHaveFocus()
  })

  it('does not send empty text', async () => {
    const user = userEvent.setup()
    const onEdit = renderEditable()
    await user.click(screen.getByRole('button', { name: 'Edit' }))
    const box = screen.getByRole('textbox', { name: 'Edit message' })
    await user.clear(box)
    await user.type(box, '   {Enter}')
    expect(onEdit).not.toHaveBeenCalled()
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled()
  })
})

describe('BranchPicker', () => {
  it('shows "2 / 3", says "Version 2 of 3" politely, and steps both ways', async () => {
    const user = userEvent.setup()
    const onSwitch = vi.fn()
    render(<BranchPicker index={1} count={3} onSwitch={onSwitch} />)
    const group = screen.getByRole('group', { name: 'Versions' })
    expect(group).toHaveTextContent('2 / 3')
    expect(within(group).getByText('Version 2 of 3')).toHaveAttribute('aria-live', 'polite')
    await user.click(screen.getByRole('button', { name: 'Previous version' }))
    await user.click(screen.getByRole('button', { name: 'Next version' }))
    expect(onSwitch.mock.calls).toEqual([[0], [2]])
  })

  it('is disabled at the ends without losing focus', async () => {
    const user = userEvent.setup()
    const onSwitch = vi.fn()
    render(<BranchPicker index={0} count={2} onSwitch={onSwitch} />)
    const previous = screen.getByRole('button', { name: 'Previous version' })
    expect(previous).toHaveAttribute('aria-disabled', 'true')
    expect(screen.getByRole('button', { name: 'Next version' })).toHaveAttribute('aria-disabled', 'false')
    await user.click(previous)
    expect(onSwitch).not.toHaveBeenCalled()
    expect(previous).toHaveFocus()
  })
})

describe('MessageList with versions', () => {
  const versions: ChatMessage[] = [
    reply,
    { id: 'a2', role: 'assistant', parts: [{ type: 'text', text: 'Green' }] },
    { id: 'a3', role: 'assistant', parts: [{ type: 'text', text: 'Red' }] },
  ]

  /** Plays the session's part: a fork after the question with three answers. */
  function Versions() {
    const [index, setIndex] = useState(0)
    const shown = versions[index] as ChatMessage
    return (
      <MessageList
        messages={[question, shown]}
        branches={{ [shown.id]: { index, count: versions.length } }}
        onSwitchBranch={(messageId, target) => {
          expect(messageId).toBe(shown.id)
          setIndex(target)
        }}
      />
    )
  }

  it('shows a picker on the message at the fork and keeps focus on it while switching by keyboard', async () => {
    const user = userEvent.setup()
    render(<Versions />)
    const next = screen.getByRole('button', { name: 'Next version' })
    next.focus()
    await user.keyboard('{Enter}')
    expect(screen.getByText('Green')).toBeInTheDocument()
    expect(screen.getByRole('group', { name: 'Versions' })).toHaveTextContent('2 / 3')
    expect(screen.getByRole('button', { name: 'Next version' })).toHaveFocus()
    await user.keyboard('{Enter}')
    expect(screen.getByText('Red')).toBeInTheDocument()
    expect(screen.getByText('Version 3 of 3')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Next version' })).toHaveFocus()
  })

  it('shows no picker for a message without versions', () => {
    render(<MessageList messages={[question, reply]} branches={{}} onSwitchBranch={() => {}} />)
    expect(screen.queryByRole('group', { name: 'Versions' })).toBeNull()
  })
})
