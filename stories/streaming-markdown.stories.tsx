import type { Meta, StoryObj } from '@storybook/react-vite'
import { StreamingMarkdown } from 'react-agent-stream'
import { expect } from 'storybook/test'

const meta = {
  title: 'Components/StreamingMarkdown',
  component: StreamingMarkdown,
  args: {
    content: '## Hello\n\nSome **bold** text and a list:\n\n- one\n- two\n',
    streaming: false,
  },
} satisfies Meta<typeof StreamingMarkdown>

export default meta
type Story = StoryObj<typeof meta>

export const Complete: Story = {
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('heading', { name: 'Hello' })).toBeInTheDocument()
    await expect(canvas.getByText('bold').tagName).toBe('STRONG')
  },
}
