import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { type ReasoningPart, ThinkingIndicator } from 'react-agent-stream'
import { expect, userEvent } from 'storybook/test'

const meta = {
  title: 'Components/ThinkingIndicator',
  component: ThinkingIndicator,
  args: { status: 'submitted' },
} satisfies Meta<typeof ThinkingIndicator>

export default meta
type Story = StoryObj<typeof meta>

const reasoning =
  'The user asks about **resuming** a stream. I should explain `Last-Event-ID` first, then backoff.'

/** Waiting for the first token, reasoning streaming, and reasoning done. */
export const AllStates: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: 16, maxWidth: 560 }}>
      <ThinkingIndicator status="submitted" since={Date.now()} />
      <ThinkingIndicator
        reasoning={{
          type: 'reasoning',
          text: reasoning.slice(0, 40),
          state: 'streaming',
          startedAt: Date.now(),
        }}
      />
      <ThinkingIndicator
        reasoning={{ type: 'reasoning', text: reasoning, state: 'done', durationMs: 4200 }}
        defaultExpanded
      />
    </div>
  ),
  play: async ({ canvas }) => {
    const statuses = canvas.getAllByRole('status')
    await expect(statuses).toHaveLength(3)
    await expect(statuses[2]).toHaveTextContent('Thought for 4.2 s')
    const toggle = canvas.getByRole('button', { name: 'Hide reasoning' })
    await userEvent.click(toggle)
    await expect(toggle).toHaveAccessibleName('Show reasoning')
    await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  },
}

function LiveThinking({ tokensPerSecond }: { tokensPerSecond: number }) {
  const [part, setPart] = useState<ReasoningPart>(() => ({
    type: 'reasoning',
    text: '',
    state: 'streaming',
    startedAt: Date.now(),
  }))
  useEffect(() => {
    const words = reasoning.split(/(?<= )/)
    let index = 0
    const timer = setInterval(() => {
      index++
      if (index <= words.length) {
        setPart((previous) => ({ ...previous, text: words.slice(0, index).join('') }))
        return
      }
      clearInterval(timer)
      setPart((previous) => ({
        ...previous,
        state: 'done',
        durationMs: Date.now() - (previous.startedAt ?? Date.now()),
      }))
    }, 1000 / tokensPerSecond)
    return () => clearInterval(timer)
  }, [tokensPerSecond])
  return <ThinkingIndicator reasoning={part} defaultExpanded />
}

/** Reasoning streams in, then collapses to "Thought for N s". */
export const Live: StoryObj<{ tokensPerSecond: number }> = {
  args: { tokensPerSecond: 8 },
  argTypes: { tokensPerSecond: { control: { type: 'range', min: 1, max: 60 }, name: 'tokens per second' } },
  render: ({ tokensPerSecond }) => <LiveThinking tokensPerSecond={tokensPerSecond} />,
}
