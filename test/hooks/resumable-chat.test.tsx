import { act, renderHook, waitFor } from '@testing-library/react'
import { type ReactNode, StrictMode } from 'react'
import {
  type ChatMessage,
  messageText,
  type StreamingChatOptions,
  useStreamingChat,
} from 'react-agent-stream'
import {
  agentEventsProtocol,
  createChatSession,
  createSseTransport,
  immediateScheduler,
} from '../../src/entries/core.js'
import { startResumableServer } from '../helpers/resumable-server.js'
import { setupServer } from '../helpers/setup-server.js'
import { createTestEnvironment } from '../helpers/wait-for.js'

const server = setupServer(startResumableServer)

const strict = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>
let chats = 0
const newChatId = () => `hook_${++chats}`
const forChat = (id: string, method: string) =>
  server.requests.filter((request) => request.method === method && request.path.endsWith(`/${id}/stream`))
const lastAnswer = (messages: readonly ChatMessage[]) => {
  const last = messages.at(-1)
  return last?.role === 'assistant' ? messageText(last) : ''
}

function renderChat(options: StreamingChatOptions) {
  return renderHook((props: StreamingChatOptions) => useStreamingChat(props), {
    initialProps: options,
    wrapper: strict,
  })
}

/** Another tab: a plain session that starts the answer with a POST. */
function startAnswerElsewhere(id: string) {
  const session = createChatSession({
    transport: createSseTransport(),
    protocol: agentEventsProtocol,
    scheduler: immediateScheduler,
    api: server.api,
    id,
  })
  return { session, done: session.send('hello') }
}

const user: ChatMessage = { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'hello' }] }

describe('useStreamingChat({ id, resume }) against the resumable stream server', () => {
  it('follows the running answer on mount with one GET under StrictMode, and generates nothing', async () => {
    const id = newChatId()
    const generationsBefore = server.generations
    const postsBefore = server.count('POST')
    const release = server.holdNextAnswer(3)
    const other = startAnswerElsewhere(id)
    await waitFor(() => expect(lastAnswer(other.session.getSnapshot().messages).length).toBeGreaterThan(0))
    const { result } = renderChat({ api: server.api, id, resume: true, initialMessages: [user] })
    await waitFor(() => expect(result.current.status).toBe('streaming'))
    release()
    await waitFor(() => expect(result.current.status).toBe('complete'))
    expect(result.current.messages.map((message) => message.role)).toEqual(['user', 'assistant'])
    expect(lastAnswer(result.current.messages)).toBe(server.text)
    expect(forChat(id, 'GET')).toHaveLength(1)
    expect(server.count('POST') - postsBefore).toBe(1)
    expect(server.generations - generationsBefore).toBe(1)
    await other.done
  })

  it('leaves the messages as they are when there is nothing to follow (204)', async () => {
    const id = newChatId()
    const initialMessages: ChatMessage[] = [
      user,
      { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'stored answer' }] },
    ]
    const { result } = renderChat({ api: server.api, id, resume: true, initialMessages })
    await waitFor(() => expect(forChat(id, 'GET')).toHaveLength(1))
    await waitFor(() => expect(result.current.connection).toBe('idle'))
    expect(result.current.status).toBe('idle')
    expect(result.current.messages).toEqual(initialMessages)
    expect(result.current.error).toBeUndefined()
    expect(forChat(id, 'GET')).toHaveLength(1)
  })

  it('sends no GET on mount without resume', async () => {
    const id = newChatId()
    const { result } = renderChat({ api: server.api, id })
    await act(async () => {
      await result.current.send('hello')
    })
    expect(lastAnswer(result.current.messages)).toBe(server.text)
    expect(forChat(id, 'GET')).toHaveLength(0)
  })

  it('stops a stream it resumed: DELETE, and the generation is cancelled', async () => {
    const id = newChatId()
    const cancelledBefore = server.cancelled
    server.holdNextAnswer(3)
    const other = startAnswerElsewhere(id)
    await waitFor(() => expect(lastAnswer(other.session.getSnapshot().messages).length).toBeGreaterThan(0))
    const { result } = renderChat({ api: server.api, id, resume: true, initialMessages: [user] })
    await waitFor(() => expect(result.current.status).toBe('streaming'))
    act(() => result.current.stop())
    expect(result.current.status).toBe('cancelled')
    const elsewhere = await other.done
    expect(elsewhere.finishReason).toBe('cancelled')
    expect(forChat(id, 'DELETE')).toHaveLength(1)
    expect(server.cancelled - cancelledBefore).toBe(1)
  })

  it("shows 'offline' while offline and finishes the same answer once back online", async () => {
    const id = newChatId()
    const environment = createTestEnvironment()
    const { result } = renderChat({ api: server.api, id, environment })
    let sent: Promise<unknown> = Promise.resolve()
    act(() => {
      sent = result.current.send('hello')
    })
    await waitFor(() => expect(lastAnswer(result.current.messages).length).toBeGreaterThan(0))
    act(() => environment.set({ online: false }))
    await waitFor(() => expect(result.current.status).toBe('offline'))
    expect(result.current.connection).toBe('offline')
    act(() => environment.set({ online: true }))
    await act(async () => {
      await sent
    })
    expect(result.current.status).toBe('complete')
    expect(lastAnswer(result.current.messages)).toBe(server.text)
    expect(forChat(id, 'GET').map((request) => request.lastEventId !== undefined)).toEqual([true])
  })
})
