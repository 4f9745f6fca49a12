import { act, render } from '@testing-library/react'
import { useEffect } from 'react'
import { type ChatResult, messageText, useStreamingChat } from 'react-agent-stream'
import { DEFAULT_CAPS } from 'react-agent-stream/core'
import { createRoot } from 'react-dom/client'
import { inject, onTestFinished } from 'vitest'
import { cdp } from 'vitest/browser'

const MB = 1024 * 1024

/** Heap in use after a full collection, through the DevTools protocol (Chromium only). */
async function retainedHeap(): Promise<number> {
  const session = cdp()
  await session.send('HeapProfiler.collectGarbage')
  await session.send('HeapProfiler.collectGarbage')
  const usage = (await session.send('Runtime.getHeapUsage')) as { usedSize: number }
  return usage.usedSize
}

const encoder = new TextEncoder()
const DELTA = encoder.encode(`data: ${JSON.stringify({ type: 'text-delta', text: 'x'.repeat(4096) })}\n\n`)
const FINISH = encoder.encode(`data: ${JSON.stringify({ type: 'finish' })}\n\n`)

/**
 * A fetch whose body generates `total` bytes of SSE lazily (so only the client could hold them),
 * pausing at every `every` bytes for `checkpoint`.
 */
function generatingFetch(total: number, every: number, checkpoint: (sent: number) => Promise<void>) {
  return async () => {
    let sent = 0
    let nextCheckpoint = every
    const body = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          if (sent >= nextCheckpoint) {
            nextCheckpoint += every
            await checkpoint(sent)
          }
          if (sent >= total) {
            controller.enqueue(FINISH)
            return controller.close()
          }
          controller.enqueue(DELTA)
          sent += DELTA.length
        },
      },
      { highWaterMark: 0 },
    )
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
  }
}

function LongAnswer({
  fetch,
  onResult,
}: {
  fetch: typeof globalThis.fetch
  onResult: (chat: ChatResult) => void
}) {
  const chat = useStreamingChat({ api: '/generated', fetch })
  onResult(chat)
  const answer = chat.messages.at(-1)
  return (
    <output aria-label="length">
      {chat.status} {answer?.role === 'assistant' ? messageText(answer).length : 0}
    </output>
  )
}

describe('memory in real Chromium', () => {
  it('streams a 50 MB answer under the default caps with the JS heap under 50 MB, truncation reported', async () => {
    const samples: number[] = []
    const fetch = generatingFetch(50 * MB, 10 * MB, async () => {
      samples.push(await retainedHeap())
    })
    let latest: ChatResult | undefined
    const view = render(<LongAnswer fetch={fetch} onResult={(chat) => (latest = chat)} />)
    const baseline = await retainedHeap()
    await act(async () => {
      await latest?.send('a very long answer')
    })
    await act(async () => {})
    samples.push(await retainedHeap())
    const chat = latest as ChatResult
    console.info(
      `50 MB answer: baseline ${(baseline / MB).toFixed(1)} MB, after each 10 MB and at the end: ${samples.map((bytes) => (bytes / MB).toFixed(1)).join(', ')} MB`,
    )
    expect(chat.status).toBe('complete')
    expect(chat.metrics.bytes).toBeGreaterThanOrEqual(50 * MB)
    const answer = chat.messages.at(-1)
    expect(answer === undefined ? 0 : messageText(answer).length).toBe(DEFAULT_CAPS.maxMessageChars)
    expect(chat.snapshot.truncated).toBe(true)
    expect(chat.snapshot.droppedCharacters).toBe(chat.metrics.characters - DEFAULT_CAPS.maxMessageChars)
    expect(samples).toHaveLength(6)
    for (const bytes of samples) expect(bytes).toBeLessThan(50 * MB)
    view.unmount()
  })

  it('leaves no heap growth and no open response after 1,000 mount/unmount cycles mid-stream', async () => {
    const api = `${inject('mockUrl')}/api/chat?scenario=long&tokens=400&delayMs=5`
    let openBodies = 0
    // Counts response bodies the kit has not finished, cancelled or seen fail.
    const countingFetch: typeof globalThis.fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init)
      if (response.body === null) return response
      const reader = response.body.getReader()
      openBodies++
      let open = true
      const close = () => {
        if (open) openBodies--
        open = false
      }
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            const { done, value } = await reader.read()
            if (done) {
              close()
              controller.close()
            } else controller.enqueue(value)
          } catch (error) {
            close()
            controller.error(error)
          }
        },
        cancel(reason) {
          close()
          return reader.cancel(reason)
        },
      })
      return new Response(body, { status: response.status, headers: response.headers })
    }

    function Chat({ onStreaming }: { onStreaming: () => void }) {
      const { status, send } = useStreamingChat({ api, fetch: countingFetch })
      useEffect(() => {
        void send('hello')
      }, [send])
      useEffect(() => {
        if (status === 'streaming') onStreaming()
      }, [status, onStreaming])
      return <output>{status}</output>
    }

    // Our own root, not testing-library's render: that keeps every container until the test ends.
    const container = document.body.appendChild(document.createElement('div'))
    async function cycle() {
      let streaming: () => void = () => {}
      const started = new Promise<void>((resolve) => {
        streaming = resolve
      })
      const root = createRoot(container)
      root.render(<Chat onStreaming={streaming} />)
      await started
      root.unmount()
    }
    // Updates arrive from the network, outside act(): this is how an app runs.
    const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean | undefined }
    const wasActEnvironment = actEnvironment.IS_REACT_ACT_ENVIRONMENT
    actEnvironment.IS_REACT_ACT_ENVIRONMENT = false
    onTestFinished(() => {
      actEnvironment.IS_REACT_ACT_ENVIRONMENT = wasActEnvironment
      container.remove()
    })

    for (let index = 0; index < 50; index++) await cycle()
    const baseline = await retainedHeap()
    for (let index = 0; index < 1000; index++) await cycle()
    // Aborted bodies settle a moment after unmount; the test timeout is the deadline.
    while (openBodies > 0) await new Promise((resolve) => setTimeout(resolve, 10))
    const after = await retainedHeap()
    console.info(
      `1,000 cycles: heap ${(baseline / MB).toFixed(2)} MB -> ${(after / MB).toFixed(2)} MB (${((after - baseline) / 1024).toFixed(0)} KB)`,
    )
    expect(openBodies).toBe(0)
    expect(after - baseline).toBeLessThan(2 * MB)
  }, 180_000)
})
