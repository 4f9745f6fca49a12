import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { BranchPicker, type ChatMessage, Composer, MessageList, useStreamingChat } from 'react-agent-stream'
import { createMockAgent } from 'react-agent-stream/testing'
import { expect, fn, userEvent, waitFor, within } from 'storybook/test'

const conversation: ChatMessage[] = [
  { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Suggest a name for a hiking app.' }] },
  { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'How about **TrailMate**?' }] },
  { id: 'u2', role: 'user', parts: [{ type: 'text', text: 'Something shorter?' }] },
  { id: 'a2', role: 'assistant', parts: [{ type: 'text', text: '**Hike.** Short and to the point.' }] },
]

const meta = {
  title: 'Components/Branching',
  component: MessageList,
  args: { messages: conversation, status: 'complete' },
} satisfies Meta<typeof MessageList>

export default meta
type Story = StoryObj<typeof meta>

const onEditMessage = fn()

/** A sent message being edited in place: Enter sends, Shift+Enter adds a line, Escape cancels. */
export const EditMessage: Story = {
  args: { onEditMessage },
  render: (args) => (
    <div style={{ height: 480, display: 'flex', flexDirection: 'column', maxWidth: 720 }}>
      <MessageList {...args} style={{ flex: 1 }} />
    </div>
  ),
  play: async ({ canvas }) => {
    const [, second] = canvas.getAllByRole('button', { name: 'Edit' })
    await userEvent.click(second as HTMLElement)
    const box = canvas.getByRole('textbox', { name: 'Edit message' })
    await expect(box).toHaveValue('Something shorter?')
    await expect(box).toHaveFocus()
    // Escape closes the editor and gives focus back to the Edit button.
    await userEvent.keyboard('{Escape}')
    await expect(canvas.getAllByRole('button', { name: 'Edit' })[1]).toHaveFocus()
    await userEvent.click(canvas.getAllByRole('button', { name: 'Edit' })[1] as HTMLElement)
    await userEvent.type(canvas.getByRole('textbox', { name: 'Edit message' }), ' One word.{Enter}')
    await expect(onEditMessage).toHaveBeenCalledWith('u2', 'Something shorter? One word.')
    // Left open, as the story's name says.
    await userEvent.click(canvas.getAllByRole('button', { name: 'Edit' })[1] as HTMLElement)
    await expect(canvas.getByRole('button', { name: 'Cancel' })).toBeVisible()
  },
}

/** The picker alone, at the start, in the middle and at the end. */
export const Picker: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: 8, justifyItems: 'start' }}>
      <BranchPicker index={0} count={3} onSwitch={() => {}} label="First of three" />
      <BranchPicker index={1} count={3} onSwitch={() => {}} label="Second of three" />
      <BranchPicker index={2} count={3} onSwitch={() => {}} label="Third of three" />
    </div>
  ),
  play: async ({ canvas }) => {
    const first = within(canvas.getByRole('group', { name: 'First of three' }))
    await expect(first.getByRole('button', { name: 'Previous version' })).toHaveAttribute(
      'aria-disabled',
      'true',
    )
    await expect(first.getByText('Version 1 of 3')).toBeInTheDocument()
    const last = within(canvas.getByRole('group', { name: 'Third of three' }))
    await expect(last.getByRole('button', { name: 'Next version' })).toHaveAttribute('aria-disabled', 'true')
  },
}

/** A live chat on the mock agent: edit any question, regenerate the last answer, switch versions. */
function BranchingChat() {
  const [agent] = useState(() =>
    createMockAgent({
      tokensPerSecond: 400,
      timeToFirstTokenMs: 0,
      thinking: false,
      toolCalls: false,
      seed: 3,
    }),
  )
  const chat = useStreamingChat({ api: '/api/chat', fetch: agent.fetch, initialMessages: conversation })
  return (
    <div style={{ height: 560, display: 'flex', flexDirection: 'column', gap: 8, maxWidth: 720 }}>
      <MessageList
        messages={chat.messages}
        status={chat.status}
        branches={chat.branches}
        onEditMessage={chat.editMessage}
        onSwitchBranch={chat.switchBranch}
        style={{ flex: 1 }}
      />
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <button type="button" onClick={() => void chat.regenerate()}>
          Regenerate
        </button>
        <output aria-label="Status">{chat.status}</output>
      </div>
      <Composer onSend={chat.send} onStop={chat.stop} status={chat.status} />
    </div>
  )
}

/** Versions at two forks: the last answer regenerated, then the first question edited. */
export const Branches: Story = {
  render: () => <BranchingChat />,
  play: async ({ canvas }) => {
    const settled = () =>
      waitFor(() => expect(canvas.getByRole('status', { name: 'Status' })).toHaveTextContent('complete'), {
        timeout: 20_000,
      })
    await userEvent.click(canvas.getByRole('button', { name: 'Regenerate' }))
    await settled()
    const answer = () => canvas.getAllByRole('article', { name: 'Assistant said' }).at(-1) as HTMLElement
    await expect(within(answer()).getByRole('group', { name: 'Versions' })).toHaveTextContent('2 / 2')

    await userEvent.click(canvas.getAllByRole('button', { name: 'Edit' })[0] as HTMLElement)
    await userEvent.clear(canvas.getByRole('textbox', { name: 'Edit message' }))
    await userEvent.type(
      canvas.getByRole('textbox', { name: 'Edit message' }),
      'Suggest a name for a running app.{Enter}',
    )
    await settled()
    const question = () => canvas.getAllByRole('article', { name: 'You said' })[0] as HTMLElement
    await expect(question()).toHaveTextContent('running app')
    await expect(within(question()).getByRole('group', { name: 'Versions' })).toHaveTextContent('2 / 2')
    // The new version has one fork only: the answer picker went with the old version.
    await expect(canvas.getAllByRole('group', { name: 'Versions' })).toHaveLength(1)

    // Back to the first version: its regenerated answer and that fork's picker come back.
    await userEvent.click(within(question()).getByRole('button', { name: 'Previous version' }))
    await expect(question()).toHaveTextContent('hiking app')
    await expect(canvas.getAllByRole('group', { name: 'Versions' })).toHaveLength(2)
    await expect(within(question()).getByRole('button', { name: 'Previous version' })).toHaveFocus()
    await userEvent.click(within(answer()).getByRole('button', { name: 'Previous version' }))
    await expect(answer()).toHaveTextContent('Short and to the point')
  },
}
