import {
  agentEventsProtocol,
  createChatSession,
  createSseTransport,
  messageText,
} from '../../src/entries/core.js'

// 30,000 tiny events delivered in ONE read (a fast server on a fast link): the parser dispatches a
// whole chunk at once, so without backpressure they all wait in the frame buffer together.
const count = 30_000
const events = Array.from(
  { length: count },
  (_, index) => `id: ${index}\ndata: {"type":"text-delta","text":"t${index} "}\n\n`,
).join('')
const body = new TextEncoder().encode(`${events}data: {"type":"finish","reason":"stop"}\n\n`)
const expected = Array.from({ length: count }, (_, index) => `t${index} `).join('')

describe('a burst of tiny events larger than the frame buffer', () => {
  it('waits for the consumer instead of failing with buffer_overflow', async () => {
    const session = createChatSession({
      transport: createSseTransport({
        maxBufferedFrames: 4000,
        fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
      }),
      protocol: agentEventsProtocol,
      api: 'http://127.0.0.1/burst',
      scheduler: (callback) => {
        callback()
        return () => {}
      },
    })
    const snapshot = await session.send('go')
    expect(snapshot.error?.code).toBeUndefined()
    expect(snapshot.status).toBe('complete')
    expect(messageText(snapshot.messages.at(-1) as never)).toBe(expected)
  })
})
