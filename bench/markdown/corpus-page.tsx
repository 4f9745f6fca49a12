// The corpus frames page: streams one document into one renderer and counts the frames a reader
// would see change under them (see test/helpers/frames.ts). Nothing is timed.
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { collapseText, countFrame, type FrameCounts } from '../../test/helpers/frames.js'
import { type RendererName, view } from './renderers.js'

export interface FramesRequest {
  readonly renderer: RendererName
  readonly text: string
  /** Chunk end offsets to render, in order. */
  readonly ends: readonly number[]
}

const container = document.getElementById('root') as HTMLElement
// The text as rendered (`innerText`: block elements on their own lines, hidden text left out), so a
// renderer is not judged on the whitespace text nodes between its blocks (Streamdown's streaming
// mode has none, its static mode has them).
const visible = () => collapseText(container.innerText)

const nextTask = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(null)
  })

async function frames(request: FramesRequest): Promise<FrameCounts> {
  const once = createRoot(container)
  flushSync(() => once.render(view(request.renderer, request.text, false)))
  const final = visible()
  once.unmount()
  const root = createRoot(container)
  const counts: FrameCounts = { frames: 0, wrong: 0, nonMonotonic: 0 }
  let previous = ''
  for (const [index, end] of request.ends.entries()) {
    flushSync(() => root.render(view(request.renderer, request.text.slice(0, end), true)))
    const current = visible()
    countFrame(counts, final, previous, current)
    previous = current
    // Let the page breathe (and async work such as Streamdown's highlighting land) now and then.
    if (index % 200 === 199) await nextTask()
  }
  root.unmount()
  return counts
}

declare global {
  interface Window {
    markdownCorpus: { frames: typeof frames }
  }
}
window.markdownCorpus = { frames }
