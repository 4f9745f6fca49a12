import { type ChatStatus, createChatSession, immediateScheduler } from '../../src/core/index.js'
import { autoProtocol } from '../../src/protocols/index.js'
import { createSseTransport } from '../../src/transports/index.js'
import { startFastApiExample } from '../helpers/fastapi-server.js'
import { lastText } from '../helpers/session-harness.js'
import { setupServer } from '../helpers/setup-server.js'

// Tokens without delay: these tests follow whole answers.
const server = setupServer(() => startFastApiExample({ env: { TOKEN_DELAY_MS: '0' } }), { timeoutMs: 60_000 })

/** A session on the GET shape of the FastAPI example, with the protocol detected as in the hook. */
function fastApiChat(path: string) {
  const statuses: ChatStatus[] = []
  const session = createChatSession({
    transport: createSseTransport({ retry: { baseDelayMs: 5, minDelayMs: 1, maxDelayMs: 20 } }),
    protocol: autoProtocol,
    scheduler: immediateScheduler,
    prepareRequest: ({ text }) => ({
      url: `${server.url}${path}query=${encodeURIComponent(text)}`,
      method: 'GET',
    }),
  })
  session.subscribe(() => {
    const { status } = session.getSnapshot()
    if (statuses.at(-1) !== status) statuses.push(status)
  })
  return { session, statuses }
}

// Issue 15: a plain-text stream with `id:` lines has no terminal event, so its clean end of body
// was taken for a drop and re-requested with Last-Event-ID forever, stuck 'reconnecting'.
describe('plain-text SSE with event ids from a real FastAPI server', () => {
  it('completes at the clean end of body, with the whole answer exactly once', async () => {
    const { session, statuses } = fastApiChat('/stream-with-ids?')
    const final = await session.send('Tell me about SSE')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(server.answerFor('Tell me about SSE'))
    expect(final.lastEventId).toMatch(/^\d+$/)
    expect(final.metrics.reconnects).toBe(0)
    expect(statuses).not.toContain('reconnecting')
  })

  it('resumes a dropped answer from Last-Event-ID without losing or repeating a chunk, then completes', async () => {
    const { session, statuses } = fastApiChat('/stream-with-ids?drop_after=5&')
    const final = await session.send('Tell me about SSE')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(server.answerFor('Tell me about SSE'))
    expect(final.metrics.reconnects).toBe(1)
    expect(statuses).toContain('reconnecting')
    expect(statuses.at(-1)).toBe('complete')
  })

  it('still completes the plain /stream route, which sends no ids', async () => {
    const { session } = fastApiChat('/stream?')
    const final = await session.send('Tell me about websockets')
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(server.answerFor('Tell me about websockets'))
  })
})
