import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor } from 'storybook/test'
import { ChatApp } from '../demo/chat-app.js'
import {
  defaultMockControls,
  type MockControls,
  mockControlTypes,
  useMockAgent,
} from './support/mock-controls.js'

function WebSocketAgentStory(controls: MockControls) {
  const agent = useMockAgent(controls)
  return (
    <div style={{ height: 640 }}>
      <ChatApp transport={{ kind: 'websocket', url: 'ws://mock-agent/ws', WebSocket: agent.WebSocket }} />
    </div>
  )
}

/**
 * `useWebSocketAgent` against the browser-side mock agent's WebSocket: the socket opens on mount and
 * reconnects in the background; the agent answers with `{type:"chunk"}` / `{type:"done"}` messages.
 */
const meta = {
  title: 'Hooks/useWebSocketAgent',
  component: WebSocketAgentStory,
  args: defaultMockControls,
  argTypes: mockControlTypes,
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof WebSocketAgentStory>

export default meta
type Story = StoryObj<typeof meta>

export const Live: Story = {}

/** Interaction test: Stop ends an answer 'cancelled' with its text; the next answer completes over the same socket. */
export const SendAndStop: Story = {
  args: { tokensPerSecond: 40, timeToFirstTokenMs: 50, thinking: false, toolCalls: false },
  play: async ({ canvas }) => {
    const box = canvas.getByRole('textbox', { name: 'Message' })
    await userEvent.type(box, 'Hello{Enter}')
    const answer = () =>
      canvas.queryAllByRole('article')[1]?.querySelector('.ras-markdown')?.textContent ?? ''
    await waitFor(() => expect(answer().length).toBeGreaterThan(20), { timeout: 30_000 })
    await userEvent.click(canvas.getByRole('button', { name: 'Stop' }))
    await waitFor(() => expect(canvas.getByText('cancelled')).toBeVisible())
    await userEvent.type(box, 'Again{Enter}')
    await waitFor(() => expect(canvas.getByText('complete')).toBeVisible(), { timeout: 30_000 })
    await expect(canvas.getAllByRole('article')).toHaveLength(4)
  },
}
