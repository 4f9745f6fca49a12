import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { ToolCallBadge, type ToolCallBadgeProps, type ToolCallPart } from 'react-agent-stream'
import { expect, fn, userEvent, within } from 'storybook/test'
import { applyDecision } from './support/approval-demo.js'

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
  awaiting: {
    type: 'tool-call',
    id: '5',
    name: 'send_email',
    argsText: '{"to":"team@example.com","subject":"Q3 numbers","attach":["q3.xlsx"]}',
    args: { to: 'team@example.com', subject: 'Q3 numbers', attach: ['q3.xlsx'] },
    state: 'awaiting-approval',
    approval: { id: 'approval-5' },
  },
  approved: {
    type: 'tool-call',
    id: '6',
    name: 'delete_branch',
    argsText: '{"branch":"old-release"}',
    args: { branch: 'old-release' },
    state: 'running',
    approval: { id: 'approval-6', approved: true },
    startedAt: now - 1200,
  },
  denied: {
    type: 'tool-call',
    id: '7',
    name: 'transfer_funds',
    argsText: '{"amount":2500,"currency":"EUR"}',
    args: { amount: 2500, currency: 'EUR' },
    state: 'denied',
    approval: { id: 'approval-7', approved: false, reason: 'Needs a second signature first.' },
  },
  client: {
    type: 'tool-call',
    id: '8',
    name: 'get_location',
    argsText: '{"precision":"city"}',
    args: { precision: 'city' },
    state: 'running',
    runBy: 'client',
    startedAt: now - 800,
  },
}

const meta = {
  title: 'Components/ToolCallBadge',
  component: ToolCallBadge,
  args: { call: calls.succeeded as ToolCallPart, defaultExpanded: false },
} satisfies Meta<typeof ToolCallBadge>

export default meta
type Story = StoryObj<typeof meta>

/**
 * Every state side by side: arguments streaming, running, succeeded, failed, and a call that needs
 * approval (read-only here, as in a transcript), approved, denied, and run in the browser.
 */
export const AllStates: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: 8, maxWidth: 560 }}>
      {Object.values(calls).map((call) => (
        <ToolCallBadge key={call.id} call={call} defaultExpanded={call.state !== 'running'} />
      ))}
    </div>
  ),
  play: async ({ canvas }) => {
    for (const label of [
      'Preparing',
      'Running',
      'Done',
      'Failed',
      'Needs approval',
      'Approved · Running',
      'Denied',
      'Running in your browser',
    ])
      await expect(canvas.getByText(label)).toBeVisible()
    await expect(canvas.queryByRole('button', { name: 'Approve' })).toBeNull()
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

/** A call that asks first, with the handlers that decide it; the story applies the decision. */
function ApprovalDemo({ onApprove, onDeny }: Pick<ToolCallBadgeProps, 'onApprove' | 'onDeny'>) {
  const [call, setCall] = useState(calls.awaiting as ToolCallPart)
  const decided = call.state !== 'awaiting-approval'
  return (
    <div style={{ display: 'grid', gap: 8, maxWidth: 560, justifyItems: 'start' }}>
      <ToolCallBadge
        call={call}
        onApprove={(options) => {
          onApprove?.(options)
          setCall((previous) => applyDecision(previous, true, options))
        }}
        onDeny={(options) => {
          onDeny?.(options)
          setCall((previous) => applyDecision(previous, false, options))
        }}
        style={{ justifySelf: 'stretch' }}
      />
      {decided ? (
        <button type="button" onClick={() => setCall(calls.awaiting as ToolCallPart)}>
          Ask again
        </button>
      ) : null}
    </div>
  )
}

/**
 * A call waiting for a person: its arguments open, Approve, Deny, and an optional reason (Enter
 * in the field denies with it, Escape closes it). Deciding updates the story; "Ask again" resets it.
 */
export const ApprovalPending: Story = {
  args: { call: calls.awaiting as ToolCallPart, onApprove: fn(), onDeny: fn() },
  render: ({ onApprove, onDeny }) => <ApprovalDemo onApprove={onApprove} onDeny={onDeny} />,
  play: async ({ canvas, args, step }) => {
    const header = canvas.getByRole('button', { name: 'send_email Needs approval' })
    await expect(header).toHaveAttribute('aria-expanded', 'true')
    await expect(canvas.getByText(/"subject": "Q3 numbers"/)).toBeVisible()
    const group = canvas.getByRole('group', { name: 'send_email: Needs approval' })

    await step('keyboard only: open the reason, type, Enter denies', async () => {
      header.focus()
      await userEvent.tab()
      await expect(within(group).getByRole('button', { name: 'Approve' })).toHaveFocus()
      await userEvent.tab()
      await expect(within(group).getByRole('button', { name: 'Deny' })).toHaveFocus()
      await userEvent.tab()
      const toggle = within(group).getByRole('button', { name: 'Add a reason' })
      await expect(toggle).toHaveFocus()
      await expect(toggle.matches(':focus-visible')).toBe(true)
      await userEvent.keyboard('{Enter}')
      await expect(canvas.getByRole('textbox', { name: 'Reason' })).toHaveFocus()
      await userEvent.keyboard('Not to the whole team{Enter}')
      await expect(args.onDeny).toHaveBeenCalledTimes(1)
      await expect(args.onDeny).toHaveBeenCalledWith({ reason: 'Not to the whole team' })
      const denied = canvas.getByRole('button', { name: 'send_email Denied' })
      await expect(denied).toHaveFocus()
      await expect(denied.matches(':focus-visible')).toBe(true)
      await expect(canvas.getByText('Reason: Not to the whole team')).toBeVisible()
      await expect(canvas.getByRole('status')).toHaveTextContent('Denied send_email')
      await expect(canvas.queryByRole('button', { name: 'Deny' })).toBeNull()
    })

    await step('ask again, then approve with a click', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Ask again' }))
      await userEvent.click(canvas.getByRole('button', { name: 'Approve' }))
      await expect(args.onApprove).toHaveBeenCalledTimes(1)
      await expect(args.onApprove).toHaveBeenCalledWith({})
      await expect(canvas.getByRole('button', { name: /^send_email Approved · Running/ })).toHaveFocus()
      await expect(canvas.getByRole('status')).toHaveTextContent('Approved send_email')
    })

    // Leave the story as a designer expects to find it: waiting.
    await userEvent.click(canvas.getByRole('button', { name: 'Ask again' }))
    await expect(canvas.getByRole('button', { name: 'Approve' })).toBeVisible()
  },
}

/** Approved and running: the decision stays in words next to the state. */
export const Approved: Story = {
  args: { call: calls.approved as ToolCallPart, onApprove: fn(), onDeny: fn() },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: /^delete_branch Approved · Running/ })).toBeVisible()
    await expect(canvas.queryByRole('button', { name: 'Approve' })).toBeNull()
  },
}

/** Denied, with the person's reason; the tool never ran, so there is no result or time. */
export const Denied: Story = {
  args: { call: calls.denied as ToolCallPart, onApprove: fn(), onDeny: fn(), defaultExpanded: true },
  play: async ({ canvas }) => {
    const header = canvas.getByRole('button', { name: 'transfer_funds Denied' })
    await expect(canvas.getByText('Reason: Needs a second signature first.')).toBeVisible()
    await expect(canvas.queryByRole('button', { name: 'Deny' })).toBeNull()
    await userEvent.tab()
    await expect(header).toHaveFocus()
    await expect(header.matches(':focus-visible')).toBe(true)
    await expect(getComputedStyle(header).outlineStyle).toBe('solid')
  },
}

/** A tool the app runs in the browser (`runBy: 'client'`), said in words. */
export const ClientToolRunning: Story = {
  args: { call: calls.client as ToolCallPart },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: /^get_location Running in your browser/ })).toBeVisible()
  },
}
