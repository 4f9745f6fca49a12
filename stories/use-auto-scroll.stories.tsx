import type { Meta, StoryObj } from '@storybook/react-vite'
import { MessageList, useStreamingChat } from 'react-agent-stream'
import { expect, userEvent, waitFor } from 'storybook/test'
import {
  defaultMockControls,
  type MockControls,
  mockControlTypes,
  useMockAgent,
} from './support/mock-controls.js'

function AutoScrollStory(controls: MockControls) {
  const agent = useMockAgent(controls)
  const chat = useStreamingChat({ fetch: agent.fetch })
  return (
    <div style={{ display: 'grid', gap: 8, maxWidth: 640 }}>
      <button type="button" onClick={() => void chat.send('Write a long answer')}>
        Stream a long answer
      </button>
      <MessageList messages={chat.messages} status={chat.status} style={{ height: 320 }} />
    </div>
  )
}

/**
 * `useAutoScroll` (inside MessageList): follows the bottom while the answer streams, stops when you
 * scroll up, offers "Jump to latest", and follows again when you come back to the bottom.
 */
const meta = {
  title: 'Hooks/useAutoScroll',
  component: AutoScrollStory,
  args: { ...defaultMockControls, longAnswer: true, tokensPerSecond: 120, thinking: false, toolCalls: false },
  argTypes: mockControlTypes,
} satisfies Meta<typeof AutoScrollStory>

export default meta
type Story = StoryObj<typeof meta>

export const Live: Story = {}

export const ScrollAwayAndJumpBack: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Stream a long answer' }))
    const log = canvas.getByRole('log')
    await waitFor(() => expect(log.scrollHeight).toBeGreaterThan(log.clientHeight * 2), { timeout: 30_000 })
    log.scrollTop = 0
    const jump = await canvas.findByRole('button', { name: 'Jump to latest' })
    await userEvent.click(jump)
    await waitFor(() => expect(log.scrollHeight - log.scrollTop - log.clientHeight).toBeLessThanOrEqual(2))
    await waitFor(() => expect(canvas.queryByRole('button', { name: 'Jump to latest' })).toBeNull())
  },
}
