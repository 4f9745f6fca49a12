// The bench page: three renderers behind one driver. Each update runs in its own task (so long
// tasks are attributable) and is timed from setting the text to layout done.
import { flushSync } from 'react-dom'
import { createRoot, type Root } from 'react-dom/client'
import { type RendererName, view } from './renderers.js'

export type { RendererName } from './renderers.js'

const nextTask = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(null)
  })

export interface RunRequest {
  readonly renderer: RendererName
  readonly text: string
  /** Chunk end offsets to stream through, in order. */
  readonly ends: readonly number[]
  /** Offsets whose frame text is compared with the final text (wrong frames). */
  readonly sampleEnds: readonly number[]
  /** Render this prefix first, untimed (for windows that start mid-document). */
  readonly warmEnd?: number
}

export interface RunResult {
  readonly durations: number[]
  readonly longTasks: number
  readonly longTaskTime: number
  readonly sampled: number
  readonly wrong: number
}

/** `?layout=0` leaves layout out of the timed update (to separate React time from layout time). */
const withLayout = new URLSearchParams(location.search).get('layout') !== '0'
let root: Root | undefined
const container = document.getElementById('root') as HTMLElement

function visible(): string {
  return (container.textContent ?? '').replace(/\s+/g, ' ').trim()
}

async function run(request: RunRequest): Promise<RunResult> {
  root?.unmount()
  root = createRoot(container)
  const current = root
  flushSync(() => current.render(view(request.renderer, request.text, false)))
  const final = visible()
  current.unmount()
  root = createRoot(container)
  const live = root
  if (request.warmEnd) {
    flushSync(() => live.render(view(request.renderer, request.text.slice(0, request.warmEnd), true)))
    await nextTask()
  }
  const samples = new Set(request.sampleEnds)
  let longTasks = 0
  let longTaskTime = 0
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      longTasks += 1
      longTaskTime += entry.duration
    }
  })
  observer.observe({ type: 'longtask', buffered: false })
  const durations: number[] = []
  let sampled = 0
  let wrong = 0
  for (const end of request.ends) {
    await nextTask()
    const start = performance.now()
    flushSync(() => live.render(view(request.renderer, request.text.slice(0, end), true)))
    if (withLayout) void container.offsetHeight
    durations.push(performance.now() - start)
    if (samples.has(end)) {
      sampled += 1
      if (!final.startsWith(visible())) wrong += 1
    }
  }
  await nextTask()
  observer.disconnect()
  return { durations, longTasks, longTaskTime, sampled, wrong }
}

declare global {
  interface Window {
    markdownBench: { run: typeof run }
  }
}
window.markdownBench = { run }
