import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createChatSession, DEFAULT_CAPS, immediateScheduler, messageText } from '../../src/core/index.js'
import { agentEventsProtocol } from '../../src/protocols/index.js'
import { createSseTransport } from '../../src/transports/index.js'

const EVENT_TEXT = 'x'.repeat(4096)
const EVENT = new TextEncoder().encode(
  `data: ${JSON.stringify({ type: 'text-delta', text: EVENT_TEXT })}\n\n`,
)
const FINISH = new TextEncoder().encode(`data: ${JSON.stringify({ type: 'finish' })}\n\n`)
const TOTAL_BYTES = 50 * 1024 * 1024

/** A fetch whose body generates 50 MB of SSE lazily, so the only thing that could hold it is the client. */
const generatingFetch: typeof fetch = async () => {
  let sent = 0
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= TOTAL_BYTES) {
          controller.enqueue(FINISH)
          return controller.close()
        }
        controller.enqueue(EVENT)
        sent += EVENT.length
      },
    },
    { highWaterMark: 0 },
  )
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
}

/** Node's gc, without a command-line flag. */
function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

describe('a 50 MB answer under the default caps', () => {
  it('keeps memory bounded: text capped, truncation reported, heap does not grow with the stream', async () => {
    const gc = collectGarbage()
    const session = createChatSession({
      transport: createSseTransport({ fetch: generatingFetch }),
      protocol: agentEventsProtocol,
      scheduler: immediateScheduler,
    })
    gc()
    const heapBefore = process.memoryUsage().heapUsed
    const final = await session.send('a very long answer')
    gc()
    const heapAfter = process.memoryUsage().heapUsed

    expect(final.status).toBe('complete')
    expect(final.metrics.bytes).toBeGreaterThanOrEqual(TOTAL_BYTES)
    expect(final.truncated).toBe(true)
    expect(final.responseCharacters).toBe(DEFAULT_CAPS.maxMessageChars)
    const answer = final.messages.at(-1)
    expect(answer === undefined ? 0 : messageText(answer).length).toBe(DEFAULT_CAPS.maxMessageChars)
    expect(final.droppedCharacters).toBe(final.metrics.characters - DEFAULT_CAPS.maxMessageChars)
    // The kept text is ~2 M characters (2-4 MB); 50 MB went through. A leak of the stream would show here.
    expect(heapAfter - heapBefore).toBeLessThan(16 * 1024 * 1024)
    session.dispose()
  }, 60_000)
})
