import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, waitFor } from 'storybook/test'
import { ChatApp } from '../demo/chat-app.js'
import {
  defaultMockControls,
  type MockControls,
  mockControlTypes,
  useMockAgent,
} from './support/mock-controls.js'

interface Args extends MockControls {
  inspector: boolean
}

function StreamingChatStory({ inspector, ...controls }: Args) {
  const agent = useMockAgent(controls)
  return (
    <div style={{ height: 640 }}>
      <ChatApp transport={{ kind: 'sse', api: '/api/chat', fetch: agent.fetch }} inspector={inspector} />
    </div>
  )
}

/**
 * `useStreamingChat` over SSE, against the browser-side mock agent: no server. Change the speed, the
 * chunk size and the time to first token, turn thinking and tool calls on or off, or inject a
 * disconnect or an error, then send a message.
 */
const meta = {
  title: 'Hooks/useStreamingChat',
  component: StreamingChatStory,
  args: { ...defaultMockControls, inspector: true },
  argTypes: { ...mockControlTypes, inspector: { name: 'show the inspector', control: 'boolean' } },
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof StreamingChatStory>

export default meta
type Story = StoryObj<typeof meta>

export const Live: Story = {}

const fast = { tokensPerSecond: 400, timeToFirstTokenMs: 50 }

/** Interaction test: Enter sends, the answer streams to completion with its tool call and reasoning. */
export const Send: Story = {
  args: fast,
  play: async ({ canvas }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'What is the weather?{Enter}')
    await waitFor(() => expect(canvas.getByRole('log')).toHaveAttribute('aria-busy', 'false'), {
      timeout: 30_000,
    })
    await expect(canvas.getAllByRole('article')).toHaveLength(2)
    await expect(canvas.getByText('Done')).toBeVisible()
  },
}

/** Interaction test: Stop while the answer streams keeps the partial text and ends 'cancelled'. */
export const Stop: Story = {
  args: { ...fast, tokensPerSecond: 30, thinking: false, toolCalls: false },
  play: async ({ canvas }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'Tell me everything{Enter}')
    const stop = await canvas.findByRole('button', { name: 'Stop' })
    const answer = () => canvas.getAllByRole('article')[1]?.querySelector('.ras-markdown')?.textContent ?? ''
    await waitFor(() => expect(answer().length).toBeGreaterThan(40), { timeout: 30_000 })
    await userEvent.click(stop)
    const partial = answer()
    await expect(canvas.getByRole('log')).toHaveAttribute('aria-busy', 'false')
    await expect(canvas.getByText('cancelled')).toBeVisible()
    await expect(answer()).toBe(partial)
    await expect(partial.length).toBeGreaterThan(40)
  },
}

/** Interaction test: an in-band error shows a notice; "Try again" asks again and completes. */
export const Retry: Story = {
  args: { ...fast, error: 'in-band', thinking: false, toolCalls: false },
  play: async ({ canvas }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'Hello{Enter}')
    const alert = await canvas.findByRole('alert', {}, { timeout: 30_000 })
    await expect(alert).toHaveTextContent('The server had a problem.')
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(canvas.getByText('complete')).toBeVisible(), { timeout: 30_000 })
    await expect(canvas.queryByRole('alert')).toBeNull()
  },
}

/** A dropped connection resumes from the last event id: the answer completes with nothing lost. */
export const Disconnect: Story = {
  args: { ...fast, disconnect: true },
  play: async ({ canvas }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'Hello{Enter}')
    await waitFor(() => expect(canvas.getByText('complete')).toBeVisible(), { timeout: 30_000 })
    const reconnects = canvas.getByText('reconnects').nextElementSibling
    await expect(reconnects).toHaveTextContent('1')
  },
}
