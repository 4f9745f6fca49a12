import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { ToolCallBadge, type ToolCallPart } from 'react-agent-stream'
import { expect, userEvent } from 'storybook/test'

const now = Date.now()
const calls: Record<string, ToolCallPart> = {
  streaming: {
    type: 'tool-call',
    id: '1',
    name: 'search_docs',
    argsText: '{"query": "server-sent events reconn',
    args: { query: 'server-sent events reconn' },
    state: 'input-streaming',
    startedAt: now,
  },
  running: {
    type: 'tool-call',
    id: '2',
    name: 'run_sql',
    argsText: '{"sql":"select count(*) from orders"}',
    args: { sql: 'select count(*) from orders' },
    state: 'running',
    startedAt: now - 2400,
  },
  succeeded: {
    type: 'tool-call',
    id: '3',
    name: 'get_weather',
    argsText: '{"city":"Lisbon"}',
    args: { city: 'Lisbon' },
    state: 'succeeded',
    result: { city: 'Lisbon', temperatureC: 21, sky: 'clear' },
    startedAt: now - 1800,
    endedAt: now - 600,
  },
  failed: {
    type: 'tool-call',
    id: '4',
    name: 'send_email',
    argsText: '{"to":"team@example.com"}',
    args: { to: 'team@example.com' },
    state: 'failed',
    error: 'SMTP server refused the connection (421).',
    startedAt: now - 5000,
    endedAt: now - 1000,
  },
}

const meta = {
  title: 'Components/ToolCallBadge',
  component: ToolCallBadge,
  args: { call: calls.succeeded as ToolCallPart, defaultExpanded: false },
} satisfies Meta<typeof ToolCallBadge>

export default meta
type Story = StoryObj<typeof meta>

/** Every state side by side: arguments streaming, running, succeeded, failed. */
export const AllStates: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: 8, maxWidth: 560 }}>
      {Object.values(calls).map((call) => (
        <ToolCallBadge key={call.id} call={call} defaultExpanded={call.state !== 'running'} />
      ))}
    </div>
  ),
  play: async ({ canvas }) => {
    for (const label of ['Preparing', 'Running', 'Done', 'Failed'])
      await expect(canvas.getByText(label)).toBeVisible()
    await expect(canvas.getByRole('alert')).toHaveTextContent('SMTP server refused')
  },
}

export const Succeeded: Story = {
  play: async ({ canvas }) => {
    const toggle = canvas.getByRole('button', { name: /get_weather/ })
    await userEvent.click(toggle)
    await expect(toggle).toHaveAttribute('aria-expanded', 'true')
    await expect(canvas.getByText(/"temperatureC": 21/)).toBeVisible()
  },
}

export const LargeResult: Story = {
  args: {
    call: {
      ...(calls.succeeded as ToolCallPart),
      result: Array.from({ length: 200 }, (_, index) => ({ row: index })),
    },
    defaultExpanded: true,
    maxResultChars: 400,
  },
}

function LiveToolCall({ argumentsPerSecond }: { argumentsPerSecond: number }) {
  const full = '{"query": "how do SSE clients resume after a dropped connection", "limit": 5}'
  const [call, setCall] = useState<ToolCallPart>(() => ({
    ...(calls.streaming as ToolCallPart),
    argsText: '',
    startedAt: Date.now(),
  }))
  useEffect(() => {
    let index = 0
    const timer = setInterval(() => {
      index += 2
      if (index < full.length) {
        setCall((previous) => ({ ...previous, argsText: full.slice(0, index) }))
        return
      }
      clearInterval(timer)
      setCall((previous) => ({ ...previous, argsText: full, args: JSON.parse(full), state: 'running' }))
      setTimeout(
        () =>
          setCall((previous) => ({
            ...previous,
            state: 'succeeded',
            result: { hits: 5 },
            endedAt: Date.now(),
          })),
        1500,
      )
    }, 1000 / argumentsPerSecond)
    return () => clearInterval(timer)
  }, [argumentsPerSecond])
  return <ToolCallBadge call={call} defaultExpanded />
}

/** Arguments stream in, the tool runs, then succeeds. */
export const Live: StoryObj<{ argumentsPerSecond: number }> = {
  args: { argumentsPerSecond: 30 },
  argTypes: {
    argumentsPerSecond: { control: { type: 'range', min: 5, max: 120 }, name: 'argument chunks per second' },
  },
  render: ({ argumentsPerSecond }) => <LiveToolCall argumentsPerSecond={argumentsPerSecond} />,
}
