// The stand-in session the hooks use while the engine's chunk loads: calls made meanwhile reach the
// real session in order, against the real mock agent server. Only the load is scripted.
import {
  type ChatMessage,
  type ChatSession,
  type ChatSessionOptions,
  type ChatSnapshot,
  createChatSession,
  messageText,
  type StreamError,
} from '../../src/core/index.js'
import { type CreateSession, createDeferredSession } from '../../src/core/session/deferred-session.js'
import { resolveProtocol } from '../../src/protocols/registry.js'
import { getScenario, scenarioText } from '../../src/testing/index.js'
import { createSseTransport } from '../../src/transports/index.js'
import { setupMockAgentServer } from '../helpers/setup-server.js'

const server = setupMockAgentServer({ tokenDelayMs: 0 })
const fullAnswer = scenarioText(getScenario('markdown'))
const postsFor = (key: string) =>
  server.requests.filter((request) => request.method === 'POST' && request.query.key === key)
const answerOf = (snapshot: ChatSnapshot) => {
  const last = snapshot.messages.at(-1)
  return last?.role === 'assistant' ? messageText(last) : ''
}
const userMessage = (id: string, text: string): ChatMessage => ({
  id,
  role: 'user',
  parts: [{ type: 'text', text }],
})

/** A stand-in whose engine arrives (or fails to) when the test says so; `built` counts real sessions. */
function deferredOver(key: string, extra: Partial<ChatSessionOptions> = {}) {
  const loads: { resolve: (create: CreateSession) => void; reject: (error: unknown) => void }[] = []
  let built = 0
  const build: CreateSession = (options) => {
    built++
    return createChatSession(options)
  }
  const session = createDeferredSession(
    {
      transport: createSseTransport(),
      protocol: resolveProtocol('auto'),
      api: `${server.url}/api/chat?key=${key}`,
      ...extra,
    },
    () => new Promise<CreateSession>((resolve, reject) => loads.push({ resolve, reject })),
  )
  return {
    session,
    loads,
    load: () => loads.at(-1)?.resolve(build),
    fail: (error: unknown) => loads.at(-1)?.reject(error),
    built: () => built,
  }
}

/** Lets the load's promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('a session whose engine loads later', () => {
  it('starts loading at once and shows the initial messages meanwhile', () => {
    const initial = [userMessage('u1', 'earlier question')]
    const { session, loads, built } = deferredOver('initial', { initialMessages: initial })
    expect(loads).toHaveLength(1)
    expect(built()).toBe(0)
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', connection: 'idle', messages: initial })
  })

  it('shows a message sent before the load as submitted, then streams the answer to that same message', async () => {
    const { session, load } = deferredOver('send')
    const notified: string[] = []
    session.subscribe(() => notified.push(session.getSnapshot().status))
    const done = session.send('hello')
    const waiting = session.getSnapshot()
    expect(waiting).toMatchObject({ status: 'submitted', connection: 'connecting' })
    expect(waiting.messages.map(messageText)).toEqual(['hello'])
    expect(postsFor('send')).toHaveLength(0)

    load()
    const final = await done
    expect(final.status).toBe('complete')
    expect(final.messages[0]?.id).toBe(waiting.messages[0]?.id)
    expect(answerOf(final)).toBe(fullAnswer)
    expect(session.getSnapshot()).toBe(final)
    expect(postsFor('send')).toHaveLength(1)
    expect(JSON.parse(postsFor('send')[0]?.body ?? '{}').messages).toEqual([
      { id: waiting.messages[0]?.id, role: 'user', content: 'hello' },
    ])
    expect(notified[0]).toBe('submitted')
    expect(notified.at(-1)).toBe('complete')
  })

  it('keeps the order of the calls made before the load: a send then stop() ends cancelled with the message kept', async () => {
    const { session, load } = deferredOver('stop')
    const done = session.send('hello')
    session.stop()
    expect(session.getSnapshot().status).toBe('cancelled')
    load()
    const final = await done
    expect(final.status).toBe('cancelled')
    expect(final.messages.map((message) => message.role)).toEqual(['user'])
    expect(messageText(final.messages[0] as ChatMessage)).toBe('hello')
  })

  it('shows setMessages and reset at once, and the session starts from what they left', async () => {
    const { session, load } = deferredOver('set-messages', {
      initialMessages: [userMessage('u0', 'dropped')],
    })
    session.setMessages((previous) => [...previous, userMessage('u1', 'kept')])
    expect(session.getSnapshot().messages.map((message) => message.id)).toEqual(['u0', 'u1'])
    session.reset()
    expect(session.getSnapshot().messages).toEqual([])
    session.setMessages([userMessage('u2', 'the start')])
    load()
    await settle()
    expect(session.getSnapshot().messages.map((message) => message.id)).toEqual(['u2'])
    const final = await session.send('next')
    expect(final.status).toBe('complete')
    expect(
      JSON.parse(postsFor('set-messages')[0]?.body ?? '{}').messages.map(
        (message: { content: string }) => message.content,
      ),
    ).toEqual(['the start', 'next'])
  })

  it('ends a send waiting for the engine as cancelled when reset() clears the chat, and sends nothing', async () => {
    const { session, load } = deferredOver('reset-waiting')
    const done = session.send('hello')
    session.reset()
    const settled = await done
    expect(settled.status).toBe('cancelled')
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', connection: 'idle', messages: [] })
    load()
    await settle()
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', messages: [] })
    // The next send is the first request the server sees, and it carries only its own message.
    const final = await session.send('next')
    expect(final.status).toBe('complete')
    expect(postsFor('reset-waiting')).toHaveLength(1)
    expect(
      JSON.parse(postsFor('reset-waiting')[0]?.body ?? '{}').messages.map(
        (message: { content: string }) => message.content,
      ),
    ).toEqual(['next'])
  })

  it("ends a waiting send in a retryable 'network' error when the load fails, keeps the message, and retry() loads again and answers it", async () => {
    const errors: StreamError[] = []
    const finishes: ChatSnapshot[] = []
    const { session, loads, load, fail, built } = deferredOver('fail', {
      onError: (error) => errors.push(error),
      onFinish: (snapshot) => finishes.push(snapshot),
    })
    const done = session.send('hello')
    fail(new Error('chunk failed to load'))
    const failed = await done
    expect(failed.status).toBe('error')
    expect(failed.error?.code).toBe('network')
    expect(failed.error?.retryable).toBe(true)
    expect(failed.error?.message).toBe('the chat engine could not be loaded')
    expect(failed.error?.cause).toEqual(new Error('chunk failed to load'))
    expect(failed.messages.map(messageText)).toEqual(['hello'])
    expect(errors.map((error) => error.code)).toEqual(['network'])
    expect(finishes.map((snapshot) => snapshot.status)).toEqual(['error'])
    expect(built()).toBe(0)

    const again = session.retry()
    expect(loads).toHaveLength(2)
    load()
    const final = await again
    expect(final.status).toBe('complete')
    expect(answerOf(final)).toBe(fullAnswer)
    expect(final.messages.map((message) => message.role)).toEqual(['user', 'assistant'])
    expect(postsFor('fail')).toHaveLength(1)
    expect(JSON.parse(postsFor('fail')[0]?.body ?? '{}').messages).toEqual([
      { id: failed.messages[0]?.id, role: 'user', content: 'hello' },
    ])
  })

  it('builds nothing after dispose(): the waiting calls settle, and a load that arrives later is ignored', async () => {
    const { session, load, built } = deferredOver('dispose')
    const done = session.send('hello')
    session.dispose()
    await expect(done).resolves.toMatchObject({ status: 'cancelled' })
    load()
    await settle()
    expect(built()).toBe(0)
    await expect(session.send('again')).resolves.toBeDefined()
    expect(postsFor('dispose')).toHaveLength(0)
  })

  it('is the session itself when the engine is already there', () => {
    let loads = 0
    let real: ChatSession | undefined
    const session = createDeferredSession(
      { transport: createSseTransport(), protocol: resolveProtocol('auto') },
      () => {
        loads++
        return Promise.reject(new Error('not needed'))
      },
      (options) => {
        real = createChatSession(options)
        return real
      },
    )
    expect(session).toBe(real)
    expect(loads).toBe(0)
    session.dispose()
  })
})
