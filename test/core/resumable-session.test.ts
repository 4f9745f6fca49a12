import {
  type ChatSessionOptions,
  type ChatSnapshot,
  createChatSession,
  immediateScheduler,
  messageText,
  type PageTransition,
} from '../../src/core/index.js'
import { agentEventsProtocol } from '../../src/protocols/index.js'
import { createSseTransport } from '../../src/transports/index.js'
import { startResumableServer } from '../helpers/resumable-server.js'
import { settle } from '../helpers/session-harness.js'
import { setupServer } from '../helpers/setup-server.js'
import { createTestEnvironment, waitFor } from '../helpers/wait-for.js'

const server = setupServer(startResumableServer)

let chats = 0
const newChatId = () => `chat_${++chats}`
const answerOf = (snapshot: ChatSnapshot) => {
  const last = snapshot.messages.at(-1)
  return last?.role === 'assistant' ? messageText(last) : ''
}

/** A page environment whose pagehide/pageshow the test fires. */
function createPageEnvironment() {
  const base = createTestEnvironment()
  const listeners = new Set<(transition: PageTransition) => void>()
  return {
    ...base,
    subscribePageTransitions(listener: (transition: PageTransition) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    fire(transition: PageTransition) {
      for (const listener of [...listeners]) listener(transition)
    },
    get pageListeners() {
      return listeners.size
    },
  }
}

function chat(
  id: string,
  options: Partial<ChatSessionOptions> & { environment?: ReturnType<typeof createTestEnvironment> } = {},
) {
  return createChatSession({
    transport: createSseTransport({
      retry: { baseDelayMs: 10, minDelayMs: 10, maxDelayMs: 20 },
      ...(options.environment ? { environment: options.environment } : {}),
    }),
    protocol: agentEventsProtocol,
    scheduler: immediateScheduler,
    api: server.api,
    id,
    ...options,
  })
}

describe('a session with a chat id against the resumable stream server', () => {
  it('sends the chat id in the POST body and streams the answer', async () => {
    const id = newChatId()
    const final = await chat(id).send('hello')
    expect(final.status).toBe('complete')
    expect(answerOf(final)).toBe(server.text)
  })

  it('follows a stream another tab started with one GET and no second generation', async () => {
    const id = newChatId()
    const generationsBefore = server.generations
    const release = server.holdNextAnswer(3)
    const first = chat(id)
    const sent = first.send('hello')
    await waitFor(() => answerOf(first.getSnapshot()).length > 0)
    const second = chat(id, {
      initialMessages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'hello' }] }],
    })
    const following = second.resumeStream()
    await waitFor(() => answerOf(second.getSnapshot()).length > 0)
    release()
    const followed = await following
    await sent
    expect(followed.status).toBe('complete')
    expect(followed.messages.map((message) => message.role)).toEqual(['user', 'assistant'])
    expect(answerOf(followed)).toBe(server.text)
    expect(server.generations - generationsBefore).toBe(1)
    expect(
      server.requests.filter((r) => r.path.endsWith(`/${id}/stream`) && r.method === 'GET'),
    ).toHaveLength(1)
  })

  it('leaves the messages and status as they are when the chat has no active stream (204)', async () => {
    const id = newChatId()
    const initialMessages = [
      { id: 'u1', role: 'user' as const, parts: [{ type: 'text' as const, text: 'old' }] },
    ]
    const session = chat(id, { initialMessages })
    const finishes: ChatSnapshot[] = []
    const final = await chat(id, {
      initialMessages,
      onFinish: (snapshot) => finishes.push(snapshot),
    }).resumeStream()
    expect(final.messages).toEqual(initialMessages)
    expect(final.status).toBe('idle')
    expect(final.error).toBeUndefined()
    expect(finishes).toHaveLength(0)
    expect(session.getSnapshot().status).toBe('idle')
  })

  it('replaces a partial answer the app stored instead of doubling it when the stream replays from its start', async () => {
    const id = newChatId()
    const release = server.holdNextAnswer(5)
    const first = chat(id)
    const sent = first.send('hello')
    await waitFor(() => answerOf(first.getSnapshot()).length > 10)
    // What a reloaded page shows: the conversation as persisted mid-answer.
    const reloaded = chat(id, { initialMessages: first.getSnapshot().messages })
    const following = reloaded.resumeStream()
    await waitFor(() => reloaded.getSnapshot().connection === 'open')
    release()
    const final = await following
    await sent
    expect(final.messages.map((message) => message.role)).toEqual(['user', 'assistant'])
    expect(answerOf(final)).toBe(server.text)
  })

  it('reconnects after a drop with GET and Last-Event-ID, never a second POST', async () => {
    const id = newChatId()
    const generationsBefore = server.generations
    server.dropNextPost(6)
    const session = chat(id)
    const final = await session.send('hello')
    expect(final.status).toBe('complete')
    expect(answerOf(final)).toBe(server.text)
    expect(final.metrics.reconnects).toBe(1)
    expect(server.generations - generationsBefore).toBe(1)
    const forChat = server.requests.filter((r) => r.path.endsWith(`/${id}/stream`))
    expect(forChat).toHaveLength(1)
    expect(forChat[0]?.method).toBe('GET')
    expect(forChat[0]?.lastEventId).toMatch(/^[A-Za-z0-9_]+-\d+$/)
  })

  it('stops a stream it picked up with resumeStream: DELETE, the producer is cancelled, both tabs end', async () => {
    const id = newChatId()
    const cancelledBefore = server.cancelled
    server.holdNextAnswer(3)
    const first = chat(id)
    const sent = first.send('hello')
    await waitFor(() => answerOf(first.getSnapshot()).length > 0)
    const second = chat(id)
    void second.resumeStream()
    await waitFor(() => answerOf(second.getSnapshot()).length > 0)
    second.stop()
    expect(second.getSnapshot().status).toBe('cancelled')
    const firstFinal = await sent
    expect(firstFinal.finishReason).toBe('cancelled')
    expect(answerOf(firstFinal).length).toBeLessThan(server.text.length)
    expect(server.cancelled - cancelledBefore).toBe(1)
    expect(
      server.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith(`/${id}/stream`)),
    ).toHaveLength(1)
  })

  it('stop() on a disconnected answer still tells the server (DELETE)', async () => {
    const id = newChatId()
    const cancelledBefore = server.cancelled
    server.holdNextAnswer(3)
    const session = chat(id)
    void session.send('hello')
    await waitFor(() => answerOf(session.getSnapshot()).length > 0)
    session.disconnect()
    session.stop()
    expect(session.getSnapshot().status).toBe('cancelled')
    await waitFor(() => server.cancelled - cancelledBefore === 1)
    expect(
      server.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith(`/${id}/stream`)),
    ).toHaveLength(1)
  })

  it('a new message interrupts the running answer with its POST alone, never a DELETE that could stop the new one', async () => {
    const id = newChatId()
    const release = server.holdNextAnswer(3)
    const session = chat(id)
    void session.send('first')
    await waitFor(() => answerOf(session.getSnapshot()).length > 0)
    const final = await session.send('second').finally(release)
    expect(final.status).toBe('complete')
    expect(answerOf(final)).toBe(server.text)
    expect(final.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant'])
    expect(
      server.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith(`/${id}/stream`)),
    ).toHaveLength(0)
  })

  it('dispose with an id lets go of the answer: the server keeps generating for the next follower', async () => {
    const id = newChatId()
    const release = server.holdNextAnswer(3)
    const first = chat(id)
    void first.send('hello')
    await waitFor(() => answerOf(first.getSnapshot()).length > 0)
    first.dispose()
    const next = chat(id)
    const following = next.resumeStream()
    await waitFor(() => answerOf(next.getSnapshot()).length > 0)
    release()
    const final = await following
    expect(final.status).toBe('complete')
    expect(answerOf(final)).toBe(server.text)
    expect(
      server.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith(`/${id}/stream`)),
    ).toHaveLength(0)
  })

  it("shows 'offline' while the device is offline and resumes from the cursor when it is back", async () => {
    const id = newChatId()
    const environment = createTestEnvironment()
    const session = chat(id, { environment })
    const statuses = new Set<string>()
    session.subscribe(() =>
      statuses.add(`${session.getSnapshot().status}/${session.getSnapshot().connection}`),
    )
    const sent = session.send('hello')
    await waitFor(() => answerOf(session.getSnapshot()).length > 0)
    environment.set({ online: false })
    await waitFor(() => session.getSnapshot().status === 'offline')
    expect(session.getSnapshot().connection).toBe('offline')
    const shown = answerOf(session.getSnapshot())
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(answerOf(session.getSnapshot())).toBe(shown)
    expect(server.requests.filter((r) => r.path.endsWith(`/${id}/stream`))).toHaveLength(0)
    environment.set({ online: true })
    const final = await sent
    expect(final.status).toBe('complete')
    expect(answerOf(final)).toBe(server.text)
    expect(statuses.has('offline/offline')).toBe(true)
    const resumed = server.requests.filter((r) => r.path.endsWith(`/${id}/stream`))
    expect(resumed.map((r) => r.method)).toEqual(['GET'])
    expect(resumed[0]?.lastEventId).toBeDefined()
    expect(
      server.requests.filter((r) => r.method === 'POST' && r.path === '/api/chat').length,
    ).toBeGreaterThan(0)
  })

  it("waits with status 'offline' when sent offline, and posts once the network is back", async () => {
    const id = newChatId()
    const environment = createTestEnvironment({ online: false })
    const session = chat(id, { environment })
    const postsBefore = server.count('POST')
    const sent = session.send('hello')
    await settle()
    expect(session.getSnapshot()).toMatchObject({ status: 'offline', connection: 'offline' })
    expect(server.count('POST')).toBe(postsBefore)
    environment.set({ online: true })
    const final = await sent
    expect(final.status).toBe('complete')
    expect(answerOf(final)).toBe(server.text)
    expect(server.count('POST') - postsBefore).toBe(1)
  })

  it('closes the connection on pagehide (bfcache) and continues from the cursor on pageshow', async () => {
    const id = newChatId()
    const environment = createPageEnvironment()
    const generationsBefore = server.generations
    const session = chat(id, { environment })
    expect(environment.pageListeners).toBe(0)
    void session.send('hello')
    await waitFor(() => answerOf(session.getSnapshot()).length > 0)
    expect(environment.pageListeners).toBe(1)
    environment.fire({ type: 'pagehide', persisted: true })
    expect(session.getSnapshot().connection).toBe('closed')
    expect(session.getSnapshot().status).toBe('streaming')
    await settle()
    environment.fire({ type: 'pageshow', persisted: true })
    await waitFor(() => session.getSnapshot().status === 'complete')
    expect(answerOf(session.getSnapshot())).toBe(server.text)
    expect(server.generations - generationsBefore).toBe(1)
    const resumed = server.requests.filter((r) => r.path.endsWith(`/${id}/stream`))
    expect(resumed.map((r) => r.method)).toEqual(['GET'])
    expect(resumed[0]?.lastEventId).toBeDefined()
    expect(environment.pageListeners).toBe(0)
  })

  it('ignores a pagehide that does not enter the bfcache', async () => {
    const id = newChatId()
    const environment = createPageEnvironment()
    const session = chat(id, { environment })
    const sent = session.send('hello')
    await waitFor(() => answerOf(session.getSnapshot()).length > 0)
    environment.fire({ type: 'pagehide', persisted: false })
    const final = await sent
    expect(final.status).toBe('complete')
    expect(server.requests.filter((r) => r.path.endsWith(`/${id}/stream`))).toHaveLength(0)
  })
})
