import type { Meta, StoryObj } from '@storybook/react-vite'
import { useStreamingChat, useStreamMetrics } from 'react-agent-stream'
import { expect, userEvent, waitFor } from 'storybook/test'
import {
  defaultMockControls,
  type MockControls,
  mockControlTypes,
  useMockAgent,
} from './support/mock-controls.js'

function MetricsStory(controls: MockControls) {
  const agent = useMockAgent(controls)
  const chat = useStreamingChat({ fetch: agent.fetch })
  const metrics = useStreamMetrics(chat.session)
  const format = (value: number | undefined, unit: string) =>
    value === undefined ? '–' : `${Math.round(value)} ${unit}`
  return (
    <div style={{ display: 'grid', gap: 12, maxWidth: 420 }}>
      <button type="button" onClick={() => void chat.send('Hello')}>
        Send a message
      </button>
      <dl style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '4px 16px', margin: 0 }}>
        <dt>live</dt>
        <dd data-testid="live">{metrics.live ? 'yes' : 'no'}</dd>
        <dt>time to first token</dt>
        <dd>{format(metrics.timeToFirstTokenMs, 'ms')}</dd>
        <dt>tokens/s</dt>
        <dd>{format(metrics.tokensPerSecond, '/s')}</dd>
        <dt>tokens</dt>
        <dd data-testid="tokens">{metrics.tokens}</dd>
        <dt>reconnects</dt>
        <dd data-testid="reconnects">{metrics.reconnects}</dd>
        <dt>stalls</dt>
        <dd>{metrics.stalls}</dd>
      </dl>
    </div>
  )
}

/** `useStreamMetrics`: time to first token, tokens/s, reconnects and stalls of the current answer. */
const meta = {
  title: 'Hooks/useStreamMetrics',
  component: MetricsStory,
  args: defaultMockControls,
  argTypes: mockControlTypes,
} satisfies Meta<typeof MetricsStory>

export default meta
type Story = StoryObj<typeof meta>

export const Live: Story = {}

export const CountsAReconnect: Story = {
  args: { tokensPerSecond: 300, timeToFirstTokenMs: 20, disconnect: true },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Send a message' }))
    await waitFor(() => expect(canvas.getByTestId('live')).toHaveTextContent('yes'))
    await waitFor(() => expect(canvas.getByTestId('live')).toHaveTextContent('no'), { timeout: 30_000 })
    await expect(canvas.getByTestId('reconnects')).toHaveTextContent('1')
    await expect(Number(canvas.getByTestId('tokens').textContent)).toBeGreaterThan(50)
  },
}
