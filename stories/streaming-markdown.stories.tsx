import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { StreamingMarkdown } from 'react-agent-stream'
import { expect } from 'storybook/test'

const answer = `## Streaming answer

Here is **bold**, *italic*, ~~struck~~ and \`inline code\`, plus a [link](https://example.com).

| Option | Cost | Notes |
| :-- | --: | --- |
| Cleanup function | low | **recommended** |
| Data library | medium | caches results |

1. First step
2. Second step
   - nested detail

> A quote with a footnote reference.[^1]

\`\`\`ts
export function add(a: number, b: number) {
  return a + b
}
\`\`\`

![remote chart](https://images.example.com/chart.png)

[^1]: Footnotes render at the end.
`

const meta = {
  title: 'Components/StreamingMarkdown',
  component: StreamingMarkdown,
  args: { content: answer, streaming: false },
} satisfies Meta<typeof StreamingMarkdown>

export default meta
type Story = StoryObj<typeof meta>

const states: [string, string, boolean][] = [
  ['Open emphasis and code', 'Some **bold text and `code', true],
  ['Table header arriving', '| Name | Value |\n| -', true],
  ['Link with a half URL (inert)', 'Read [the docs](https://example.com/do', true],
  ['Open code fence', '```python\nfor i in range(3):\n    print(i)', true],
  ['Unsafe input', '[click](javascript:alert(1)) and ![pixel](https://tracker.example/p.png)', false],
  ['Complete', answer, false],
]

export const AllStates: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))' }}>
      {states.map(([label, content, streaming]) => (
        <section key={label} aria-label={label} style={{ border: '1px solid #d1d9e0', padding: 12 }}>
          <h3 style={{ marginTop: 0 }}>{label}</h3>
          <StreamingMarkdown content={content} streaming={streaming} />
        </section>
      ))}
    </div>
  ),
  play: async ({ canvas }) => {
    await expect(
      canvas.getByRole('region', { name: 'Open emphasis and code' }).querySelector('strong'),
    ).not.toBeNull()
    await expect(
      canvas.getByRole('region', { name: 'Table header arriving' }).querySelector('table'),
    ).not.toBeNull()
    const unsafe = canvas.getByRole('region', { name: 'Unsafe input' })
    await expect(unsafe.querySelector('a')).not.toHaveAttribute('href')
    await expect(unsafe.querySelector('img')).toBeNull()
  },
}

interface LiveArgs {
  /** Characters per second. */
  speed: number
  /** Characters per chunk. */
  chunkSize: number
}

function LiveStream({ speed, chunkSize }: LiveArgs) {
  const [length, setLength] = useState(0)
  useEffect(() => {
    const interval = Math.max(10, (1000 * chunkSize) / speed)
    const timer = setInterval(() => {
      setLength((current) => {
        if (current >= answer.length) {
          clearInterval(timer)
          return current
        }
        return Math.min(answer.length, current + chunkSize)
      })
    }, interval)
    return () => clearInterval(timer)
  }, [speed, chunkSize])
  return <StreamingMarkdown content={answer.slice(0, length)} streaming={length < answer.length} />
}

export const Live: StoryObj<LiveArgs> = {
  args: { speed: 200, chunkSize: 4 },
  argTypes: {
    speed: { control: { type: 'range', min: 20, max: 2000, step: 20 }, description: 'Characters per second' },
    chunkSize: { control: { type: 'range', min: 1, max: 40, step: 1 }, description: 'Characters per chunk' },
  },
  // A new key restarts the stream when a control changes.
  render: (args) => <LiveStream key={`${args.speed}-${args.chunkSize}`} {...args} />,
}
