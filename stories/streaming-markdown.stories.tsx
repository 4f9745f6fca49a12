// Over 300 lines: Storybook shows one sidebar entry per component, so every StreamingMarkdown story
// (states, live stream, Shiki, math, react-markdown options, references) lives here with its play check.
import type { Meta, StoryObj } from '@storybook/react-vite'
import 'katex/dist/katex.min.css'
import { useEffect, useState } from 'react'
import { StreamingMarkdown, type StreamingMarkdownProps } from 'react-agent-stream'
import { createShikiHighlighter } from 'react-agent-stream/shiki'
import rehypeKatex from 'rehype-katex'
import rehypeSlug from 'rehype-slug'
import remarkMath from 'remark-math'
import { expect, waitFor } from 'storybook/test'

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

interface StreamedAnswerProps extends LiveArgs, Omit<StreamingMarkdownProps, 'content' | 'streaming'> {
  text: string
}

/** Streams `text` in fixed chunks at a fixed rate: deterministic, so every run shows the same frames. */
function StreamedAnswer({ text, speed, chunkSize, ...props }: StreamedAnswerProps) {
  const [length, setLength] = useState(0)
  useEffect(() => {
    const interval = Math.max(10, (1000 * chunkSize) / speed)
    const timer = setInterval(() => {
      setLength((current) => {
        if (current >= text.length) {
          clearInterval(timer)
          return current
        }
        return Math.min(text.length, current + chunkSize)
      })
    }, interval)
    return () => clearInterval(timer)
  }, [text, speed, chunkSize])
  return <StreamingMarkdown {...props} content={text.slice(0, length)} streaming={length < text.length} />
}

function LiveStream(args: LiveArgs) {
  return <StreamedAnswer text={answer} {...args} />
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

const liveArgTypes = {
  speed: { control: { type: 'range', min: 20, max: 2000, step: 20 }, description: 'Characters per second' },
  chunkSize: { control: { type: 'range', min: 1, max: 40, step: 1 }, description: 'Characters per chunk' },
} as const

/** Waits until the stream has ended (the answers below take about two seconds). */
async function streamEnded(canvasElement: HTMLElement) {
  await waitFor(
    () => expect(canvasElement.querySelector('.ras-markdown[data-streaming="false"]')).not.toBeNull(),
    { timeout: 20_000 },
  )
}

// Short code lines: a code block that scrolls sideways would need a focusable region (axe).
const codeAnswer = `### Debounce a search box

A hook that settles on the last value:

\`\`\`ts
import { useEffect, useState } from 'react'

/** \`value\`, once still for \`delay\` ms. */
export function useDebounced<T>(
  value: T,
  delay = 300,
): T {
  const [settled, setSettled] =
    useState(value)
  useEffect(() => {
    const timer = setTimeout(
      () => setSettled(value),
      delay,
    )
    return () => clearTimeout(timer)
  }, [value, delay])
  return settled
}
\`\`\`

The same idea on the server:

\`\`\`python
import asyncio

async def debounce(queue, delay=0.3):
    """Last item after a pause."""
    value = await queue.get()
    while True:
        try:
            value = await asyncio.wait_for(
                queue.get(), delay
            )
        except asyncio.TimeoutError:
            return value
\`\`\`

Try it:

\`\`\`bash
curl -N "localhost:8000/stream"
\`\`\`
`

// Created once: the grammars it loads are reused by every code block and every render.
const highlighter = createShikiHighlighter()

export const WithShiki: StoryObj<LiveArgs> = {
  args: { speed: 800, chunkSize: 6 },
  argTypes: liveArgTypes,
  render: (args) => (
    <StreamedAnswer
      key={`${args.speed}-${args.chunkSize}`}
      text={codeAnswer}
      highlighter={highlighter}
      {...args}
    />
  ),
  play: async ({ canvasElement }) => {
    await streamEnded(canvasElement)
    await waitFor(() => expect(canvasElement.querySelectorAll('code[data-highlighted]')).toHaveLength(3), {
      timeout: 20_000,
    })
    const tokens = canvasElement.querySelectorAll('code[data-highlighted] span[style*="color"]')
    await expect(tokens.length).toBeGreaterThan(20)
  },
}

export const WithShikiDark: StoryObj<LiveArgs> = { ...WithShiki, globals: { theme: 'dark' } }

const mathAnswer = String.raw`### The quadratic formula

The roots of $ax^2 + bx + c = 0$, for $a \neq 0$, are

$$
x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}
$$

1. Two real roots when $\Delta > 0$.
2. One double root when $\Delta = 0$.
3. Complex roots otherwise:
   $$
   x = \frac{-b}{2a} \pm i\,\frac{\sqrt{-\Delta}}{2a}
   $$

$$
\begin{aligned}
\Delta &= b^2 - 4ac \\
&= 16 + 48 = 64
\end{aligned}
$$

So $x_1 = 3$ and $x_2 = -1$.
`

const math = { remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] }

export const WithMath: StoryObj<LiveArgs> = {
  args: { speed: 400, chunkSize: 4 },
  argTypes: liveArgTypes,
  render: (args) => (
    <StreamedAnswer key={`${args.speed}-${args.chunkSize}`} text={mathAnswer} math={math} {...args} />
  ),
  play: async ({ canvasElement }) => {
    await streamEnded(canvasElement)
    await expect(canvasElement.querySelectorAll('.katex-display')).toHaveLength(3)
    await expect(canvasElement.querySelectorAll('.katex').length).toBeGreaterThan(8)
    await expect(canvasElement.querySelector('.katex-error')).toBeNull()
  },
}

export const WithMathDark: StoryObj<LiveArgs> = { ...WithMath, globals: { theme: 'dark' } }

const optionsAnswer = `## Einrichtung

Installieren Sie das Paket[^1] und starten Sie den Server.

![Diagramm](https://images.example.com/setup.png)

## Nutzung

Die Antwort erscheint Stück für Stück[^2].

[^1]: Mit \`npm install react-agent-stream\`.
[^2]: Über SSE oder WebSocket.
`

/** react-markdown's props keep their names: a plugin, footnote labels in German, no images. */
const reactMarkdownOptions = {
  rehypePlugins: [rehypeSlug],
  disallowedElements: ['img'],
  remarkRehypeOptions: {
    footnoteLabel: 'Anmerkungen',
    footnoteBackLabel: (reference: number) => `Zurück zu Anmerkung ${reference + 1}`,
  },
} satisfies Partial<StreamingMarkdownProps>

export const WithReactMarkdownOptions: StoryObj<LiveArgs> = {
  args: { speed: 400, chunkSize: 4 },
  argTypes: liveArgTypes,
  render: (args) => (
    <StreamedAnswer
      key={`${args.speed}-${args.chunkSize}`}
      text={optionsAnswer}
      {...reactMarkdownOptions}
      {...args}
    />
  ),
  play: async ({ canvasElement }) => {
    await streamEnded(canvasElement)
    await expect(canvasElement.querySelector('h2#einrichtung')).not.toBeNull()
    await expect(canvasElement.querySelector('img, .ras-image-placeholder')).toBeNull()
    await expect(canvasElement.querySelector('#footnote-label')?.textContent).toBe('Anmerkungen')
    await expect(canvasElement.querySelector('[data-footnote-backref]')?.getAttribute('aria-label')).toBe(
      'Zurück zu Anmerkung 1',
    )
  },
}

// A README the way projects write them: badges, reference links and footnotes all defined at the end.
const readmeAnswer = `# tidewater

[![CI][ci-badge]][ci]

Tidewater copies rows between two databases while both stay online.[^online] It reads a
[change feed][feeds], batches the changes and writes them in order. It is written in [Rust][]
and ships for [Linux] and [macOS].

| Workload | Batch size |
| --- | --: |
| Small rows | 5000 |
| Wide rows | 500 |

Larger batches give more throughput and longer stalls.[^stalls] Write \`[^id]\` in your own notes.

[^online]: The source keeps taking writes; tidewater needs only a replication slot.

[^stalls]: The time writes wait for the batch in front of them.

[ci-badge]: https://ci.example.org/tidewater/badge.svg
[ci]: https://ci.example.org/tidewater
[feeds]: https://docs.example.org/change-feeds
[rust]: https://www.rust-lang.org
[linux]: https://kernel.org
[macos]: https://www.apple.com/macos
`

/** The README up to its definitions: what a reader sees while the end is still streaming. */
const readmeBody = readmeAnswer.slice(0, readmeAnswer.indexOf('[^online]:'))

export const ReadmeWithReferences: StoryObj<LiveArgs> = {
  args: { speed: 600, chunkSize: 5 },
  argTypes: liveArgTypes,
  render: (args) => (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))' }}>
      <section aria-label="Before the definitions" style={{ border: '1px solid #d1d9e0', padding: 12 }}>
        <StreamingMarkdown content={readmeBody} streaming />
      </section>
      <section aria-label="Live" style={{ border: '1px solid #d1d9e0', padding: 12 }}>
        <StreamedAnswer key={`${args.speed}-${args.chunkSize}`} text={readmeAnswer} {...args} />
      </section>
    </div>
  ),
  play: async ({ canvas, canvasElement }) => {
    // Before their definitions, references show as the links they will become, without a URL.
    const before = canvas.getByRole('region', { name: 'Before the definitions' })
    const pending = [...before.querySelectorAll('a.ras-pending-link:not([data-footnote-ref])')]
    await expect(pending.map((link) => link.textContent)).toEqual([
      'Load image: CI',
      'change feed',
      'Rust',
      'Linux',
      'macOS',
    ])
    await expect(pending.some((link) => link.hasAttribute('href'))).toBe(false)
    await expect(before.querySelector('button.ras-image-placeholder')).toBeDisabled()
    await expect([...before.querySelectorAll('sup a[data-pending]')].map((call) => call.textContent)).toEqual(
      ['1', '2'],
    )
    await expect(before.textContent).toMatch(/written in Rust\s+and ships for Linux and macOS\./)
    // Once the stream ends, every reference links, and the footnotes render at the end.
    await streamEnded(canvasElement)
    const live = canvas.getByRole('region', { name: 'Live' })
    await expect(live.querySelector('.ras-pending-link')).toBeNull()
    await expect(live.querySelector('a[href="https://kernel.org"]')?.textContent).toBe('Linux')
    await expect(live.querySelectorAll('section[data-footnotes] li')).toHaveLength(2)
    await expect(live.textContent).toContain('Write [^id] in your own notes.')
  },
}
