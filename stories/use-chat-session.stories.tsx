import type { Meta, StoryObj } from '@storybook/react-vite'
import { memo, Profiler, useRef } from 'react'
import { type ChatSession, useChatSession, useStreamingChat } from 'react-agent-stream'
import { expect, userEvent, waitFor } from 'storybook/test'
import {
  defaultMockControls,
  type MockControls,
  mockControlTypes,
  useMockAgent,
} from './support/mock-controls.js'

const StatusBadge = memo(function StatusBadge({ session }: { session: ChatSession }) {
  const status = useChatSession(session, (snapshot) => snapshot.status)
  return (
    <p>
      status <strong data-testid="status">{status}</strong>
    </p>
  )
})

/** Counts the badge's renders with a Profiler and writes the number straight into the page. */
const CountedBadge = memo(function CountedBadge({ session }: { session: ChatSession }) {
  const counter = useRef<HTMLSpanElement>(null)
  const renders = useRef(0)
  return (
    <>
      <Profiler
        id="status-badge"
        onRender={() => {
          renders.current++
          if (counter.current) counter.current.textContent = String(renders.current)
        }}
      >
        <StatusBadge session={session} />
      </Profiler>
      <p>
        the status badge rendered <span ref={counter} data-testid="badge-renders" /> times
      </p>
    </>
  )
})

function SessionStory(controls: MockControls) {
  const agent = useMockAgent(controls)
  const chat = useStreamingChat({ fetch: agent.fetch })
  const last = chat.messages.at(-1)
  return (
    <div style={{ display: 'grid', gap: 8, maxWidth: 560 }}>
      <button type="button" onClick={() => void chat.send('Hello')}>
        Send a message
      </button>
      <CountedBadge session={chat.session} />
      <p data-testid="characters">
        {last?.role === 'assistant'
          ? last.parts.reduce((n, p) => n + (p.type === 'text' ? p.text.length : 0), 0)
          : 0}{' '}
        characters so far
      </p>
    </div>
  )
}

/**
 * `useChatSession(session, selector)`: a component that selects only the status re-renders when the
 * status changes, not for every token (the counter shows it).
 */
const meta = {
  title: 'Hooks/useChatSession',
  component: SessionStory,
  args: { ...defaultMockControls, thinking: false, toolCalls: false },
  argTypes: mockControlTypes,
} satisfies Meta<typeof SessionStory>

export default meta
type Story = StoryObj<typeof meta>

export const Live: Story = {}

export const StatusOnlyRendersPerStatus: Story = {
  args: { tokensPerSecond: 300, timeToFirstTokenMs: 20 },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Send a message' }))
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('complete'), {
      timeout: 30_000,
    })
    // idle, submitted, streaming, complete: StrictMode renders each twice.
    await expect(Number(canvas.getByTestId('badge-renders').textContent)).toBeLessThanOrEqual(8)
  },
}
