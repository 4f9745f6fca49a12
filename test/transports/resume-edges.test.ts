// "(scenario N)" in a test name: fault N of docs/reliability.md.
import type { AddressInfo } from 'node:net'
import { WebSocket, WebSocketServer } from 'ws'
import {
  agentEventsProtocol,
  createChatSession,
  createSseTransport,
  createWebSocketTransport,
  immediateScheduler,
  messageText,
  websocketChunkProtocol,
} from '../../src/entries/core.js'
import { getScenario, scenarioText } from '../../src/testing/index.js'
import { setupMockAgentServer } from '../helpers/setup-server.js'

const server = setupMockAgentServer({ tokenDelayMs: 1 })

const fullAnswer = scenarioText(getScenario('markdown'))
const requestsFor = (key: string) => server.requests.filter((request) => request.query.key === key)

function sseSession(key: string, cursorFor: (lastEventId: string) => string) {
  return createChatSession({
    transport: createSseTransport({
      retry: { baseDelayMs: 10, minDelayMs: 10, maxDelayMs: 20 },
      resumeRequest: (request, lastEventId) => ({
        ...request,
        headers: { ...request.headers, 'last-event-id': cursorFor(lastEventId) },
      }),
    }),
    protocol: agentEventsProtocol,
    api: `${server.url}/api/chat?key=${key}&dropAfterEvents=6`,
    scheduler: immediateScheduler,
  })
}

describe('resuming when the server can no longer resume', () => {
  it("ends 'resume_failed' with the partial text when the cursor expired (410), without a retry loop (scenario 43)", async () => {
    const session = sseSession('expired', () => 'gone-3')
    const snapshot = await session.send('hello')
    expect(snapshot.status).toBe('error')
    expect(snapshot.error?.code).toBe('resume_failed')
    expect(snapshot.error?.status).toBe(410)
    const partial = messageText(snapshot.messages.at(-1) as never)
    expect(partial.length).toBeGreaterThan(0)
    expect(fullAnswer.startsWith(partial)).toBe(true)
    expect(requestsFor('expired')).toHaveLength(2)
  })

  it('settles complete, keeping the text, when the generation already finished (204) (scenario 44)', async () => {
    const session = sseSession('finished', (lastEventId) => lastEventId.replace(/-\d+$/, '-100000'))
    const snapshot = await session.send('hello')
    expect(snapshot.status).toBe('complete')
    expect(messageText(snapshot.messages.at(-1) as never).length).toBeGreaterThan(0)
    expect(requestsFor('finished')).toHaveLength(2)
  })
})

describe('a WebSocket resume that overlaps what already arrived', () => {
  it('drops the chunks it already has by sequence number (scenario 41)', async () => {
    const words = Array.from({ length: 20 }, (_, index) => `w${index} `)
    const sockets = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    let connections = 0
    sockets.on('connection', (socket) => {
      connections++
      const first = connections === 1
      socket.on('message', (raw) => {
        const message = String(raw)
        if (first) {
          for (let seq = 0; seq < 10; seq++)
            socket.send(JSON.stringify({ type: 'chunk', content: words[seq], seq }))
          setTimeout(() => socket.terminate(), 20)
          return
        }
        if (!message.includes('"resume"')) return
        // The server replays from further back than the client asked: 5..19 after the client had 0..9.
        for (let seq = 5; seq < 20; seq++)
          socket.send(JSON.stringify({ type: 'chunk', content: words[seq], seq }))
        socket.send(JSON.stringify({ type: 'done' }))
      })
    })
    await new Promise<void>((resolve) => sockets.once('listening', resolve))
    const port = (sockets.address() as AddressInfo).port
    const transport = createWebSocketTransport({
      url: `ws://127.0.0.1:${port}`,
      WebSocket,
      retry: { baseDelayMs: 10, minDelayMs: 10, maxDelayMs: 20 },
      heartbeat: false,
    })
    const session = createChatSession({
      transport,
      protocol: websocketChunkProtocol,
      scheduler: immediateScheduler,
    })
    try {
      const snapshot = await session.send('hello')
      expect(snapshot.error?.message).toBeUndefined()
      expect(snapshot.status).toBe('complete')
      expect(messageText(snapshot.messages.at(-1) as never)).toBe(words.join(''))
      expect(connections).toBe(2)
    } finally {
      session.dispose()
      for (const client of sockets.clients) client.terminate()
      await new Promise((resolve) => sockets.close(resolve))
    }
  })
})
