import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import {
  type ChatMessage,
  Composer,
  ConnectionBanner,
  ErrorNotice,
  MessageList,
  StopButton,
  StreamError,
} from 'react-agent-stream'
import { expect, fn, userEvent, within } from 'storybook/test'
import { ChatApp } from '../demo/chat-app.js'
import { applyDecision } from './support/approval-demo.js'
import {
  defaultMockControls,
  type MockControls,
  mockControlTypes,
  useMockAgent,
} from './support/mock-controls.js'

const conversation: ChatMessage[] = [
  { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'How do I resume a dropped stream?' }] },
  {
    id: 'a1',
    role: 'assistant',
    parts: [
      { type: 'reasoning', text: 'Explain event ids, then backoff.', state: 'done', durationMs: 2100 },
      {
        type: 'tool-call',
        id: 't1',
        name: 'search_docs',
        argsText: '{"query":"Last-Event-ID"}',
        args: { query: 'Last-Event-ID' },
        state: 'succeeded',
        result: { hits: 3 },
      },
      {
        type: 'text',
        text: 'Give every event an `id:`. After a drop, the client reconnects and sends **Last-Event-ID**; the server replays what came after it.',
      },
    ],
  },
  { id: 'u2', role: 'user', parts: [{ type: 'text', text: 'And with several agents?' }] },
  {
    id: 'a2',
    role: 'assistant',
    agent: 'Researcher',
    parts: [{ type: 'text', text: 'Each agent turn becomes its own message, labelled with the agent.' }],
  },
]

const meta = {
  title: 'Components/Chat primitives',
  component: MessageList,
  args: { messages: conversation, status: 'complete' },
} satisfies Meta<typeof MessageList>

export default meta
type Story = StoryObj<typeof meta>

export const Conversation: Story = {
  render: (args) => (
    <div style={{ height: 480, display: 'flex', flexDirection: 'column', maxWidth: 720 }}>
      <MessageList {...args} style={{ flex: 1 }} />
    </div>
  ),
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('log', { name: 'Conversation' })).toHaveAttribute('aria-busy', 'false')
    await expect(canvas.getByRole('article', { name: 'Researcher said' })).toBeVisible()
  },
}

const askingTurn: ChatMessage = {
  id: 'a3',
  role: 'assistant',
  parts: [
    { type: 'text', text: 'I can send the summary to the team. May I?' },
    {
      type: 'tool-call',
      id: 't2',
      name: 'send_email',
      argsText: '{"to":"team@example.com","subject":"How to resume SSE"}',
      args: { to: 'team@example.com', subject: 'How to resume SSE' },
      state: 'awaiting-approval',
      approval: { id: 'approval-t2' },
    },
  ],
}

function ConversationAskingApproval() {
  const [asking, setAsking] = useState(askingTurn)
  const decide = (id: string, approved: boolean, options: { reason?: string }) =>
    setAsking((message) => ({
      ...message,
      parts: message.parts.map((part) =>
        part.type === 'tool-call' && part.id === id ? applyDecision(part, approved, options) : part,
      ),
    }))
  return (
    <div style={{ height: 560, display: 'flex', flexDirection: 'column', maxWidth: 720 }}>
      <MessageList
        messages={[...conversation, asking]}
        status="complete"
        onApproveToolCall={(id, options) => decide(id, true, options)}
        onDenyToolCall={(id, options) => decide(id, false, options)}
        style={{ flex: 1 }}
      />
    </div>
  )
}

/** The answer stops at a tool call that needs approval; MessageList passes the decision up by call id. */
export const ConversationWithPendingApproval: Story = {
  render: () => <ConversationAskingApproval />,
  play: async ({ canvas }) => {
    const group = canvas.getByRole('group', { name: 'send_email: Needs approval' })
    // Inside the last turn of the log.
    await expect(canvas.getAllByRole('article').at(-1)).toContainElement(group)
    await expect(canvas.getByText(/"to": "team@example.com"/)).toBeVisible()
    // Only the call that waits has buttons; the finished search earlier has none.
    await expect(canvas.getAllByRole('button', { name: 'Approve' })).toHaveLength(1)
    await userEvent.click(within(group).getByRole('button', { name: 'Add a reason' }))
    await expect(canvas.getByRole('textbox', { name: 'Reason' })).toHaveFocus()
    await userEvent.keyboard('{Escape}')
    await expect(within(group).getByRole('button', { name: 'Add a reason' })).toHaveFocus()
    await expect(canvas.queryByRole('textbox', { name: 'Reason' })).toBeNull()
  },
}

const onSend = fn()
const onStop = fn()
const onRetry = fn()

/** Composer, StopButton, ConnectionBanner and ErrorNotice in every state. */
export const AllStates: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: 16, maxWidth: 720 }}>
      <Composer onSend={onSend} onStop={onStop} status="idle" defaultValue="Hello" />
      <Composer onSend={onSend} onStop={onStop} status="streaming" label="Message while streaming" />
      <div style={{ display: 'flex', gap: 8 }}>
        <StopButton onStop={onStop} status="streaming" />
        <StopButton onStop={onStop} status="complete">
          Stop (idle)
        </StopButton>
      </div>
      <ConnectionBanner connection="reconnecting" retryAt={Date.now() + 4000} onRetry={onRetry} />
      <ConnectionBanner connection="offline" />
      <ConnectionBanner
        connection="failed"
        error={new StreamError('server', 'HTTP 503', { status: 503 })}
        onRetry={onRetry}
      />
      <ErrorNotice
        error={new StreamError('rate_limited', 'HTTP 429 from /api/chat', { status: 429 })}
        onRetry={onRetry}
      />
      {/* A resumable answer the server lost (a flushed store): said plainly, nothing to retry. */}
      <ErrorNotice
        error={
          new StreamError('resume_failed', 'the server cannot resume this stream (HTTP 410)', {
            status: 410,
          })
        }
      />
    </div>
  ),
  play: async ({ canvas }) => {
    const boxes = canvas.getAllByRole('textbox')
    await userEvent.type(boxes[0] as HTMLElement, '{Enter}')
    await expect(onSend).toHaveBeenCalledWith('Hello')
    const [composerStop, stopButton] = canvas.getAllByRole('button', { name: 'Stop' })
    await expect(composerStop).toBeEnabled()
    await userEvent.click(stopButton as HTMLElement)
    await expect(onStop).toHaveBeenCalled()
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }))
    await expect(onRetry).toHaveBeenCalled()
    await expect(canvas.getByText(/could no longer continue the answer/)).toBeVisible()
  },
}

function LiveChat(controls: MockControls) {
  const agent = useMockAgent(controls)
  return (
    <div style={{ height: 560 }}>
      <ChatApp transport={{ kind: 'sse', api: '/api/chat', fetch: agent.fetch }} inspector={false} />
    </div>
  )
}

/** Every primitive together on the mock agent: MessageList, MessageView, Composer (Send/Stop), banners. */
export const Live: StoryObj<MockControls> = {
  args: defaultMockControls,
  argTypes: mockControlTypes,
  render: (args) => <LiveChat {...args} />,
}
