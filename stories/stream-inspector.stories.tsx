import type { Meta, StoryObj } from '@storybook/react-vite'
import { type AgentEvent, type ChatSnapshot, StreamError, StreamInspector } from 'react-agent-stream'
import { expect } from 'storybook/test'
import { ChatApp } from '../demo/chat-app.js'
import {
  defaultMockControls,
  type MockControls,
  mockControlTypes,
  useMockAgent,
} from './support/mock-controls.js'

const snapshot: ChatSnapshot = {
  messages: [],
  status: 'reconnecting',
  connection: 'reconnecting',
  error: new StreamError('network', 'The connection dropped after 2.1 kB', { retryable: true }),
  metrics: {
    startedAt: 0,
    timeToFirstTokenMs: 412,
    tokens: 181,
    characters: 902,
    tokensPerSecond: 38.5,
    charactersPerSecond: 191.9,
    events: 183,
    bytes: 9120,
    reconnects: 1,
    stalls: 0,
  },
  responseMessageId: 'msg-2',
  finishReason: undefined,
  usage: undefined,
  lastEventId: 's1-181',
  resumable: true,
  reconnect: { attempt: 1, delayMs: 740, retryAt: 740 },
  truncated: false,
  droppedCharacters: 0,
  droppedMessages: 0,
  droppedCount: 0,
  totalCharacters: 902,
  responseCharacters: 902,
  branches: {},
  branchTree: { forks: {}, nextSeq: 0 },
  droppedVersions: 0,
}

const events: AgentEvent[] = [
  { type: 'reasoning-delta', text: 'Check the weather tool first.' },
  { type: 'reasoning-end' },
  { type: 'tool-call-start', id: 'call_1', name: 'get_weather' },
  { type: 'tool-call-delta', id: 'call_1', argsText: '{"city":"Lisbon"}' },
  { type: 'tool-call-end', id: 'call_1', args: { city: 'Lisbon' } },
  { type: 'tool-result', id: 'call_1', result: { temperatureC: 21 } },
  { type: 'text-delta', text: 'It is 21 °C' },
  { type: 'text-delta', text: ' and clear.' },
]

/** StreamInspector: the debug panel of the playground, as a component for your own debug builds. */
const meta = {
  title: 'Components/StreamInspector',
  component: StreamInspector,
  args: { snapshot, events },
} satisfies Meta<typeof StreamInspector>

export default meta
type Story = StoryObj<typeof meta>

export const AllStates: Story = {
  render: (args) => (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 320px)', gap: 16 }}>
      <StreamInspector {...args} label="Reconnecting" />
      <StreamInspector
        label="Complete"
        snapshot={{
          ...snapshot,
          status: 'complete',
          connection: 'closed',
          error: undefined,
          reconnect: undefined,
        }}
        events={events}
      />
    </div>
  ),
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('complementary', { name: 'Reconnecting' })).toHaveAttribute(
      'data-status',
      'reconnecting',
    )
    await expect(canvas.getAllByText('get_weather (call_1)')).toHaveLength(2)
  },
}

function LiveInspector(controls: MockControls) {
  const agent = useMockAgent(controls)
  return (
    <div style={{ height: 560 }}>
      <ChatApp transport={{ kind: 'sse', api: '/api/chat', fetch: agent.fetch }} />
    </div>
  )
}

export const Live: StoryObj<MockControls> = {
  args: defaultMockControls,
  argTypes: mockControlTypes,
  render: (args) => <LiveInspector {...args} />,
}
