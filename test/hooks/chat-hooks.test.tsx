// One suite for both chat hooks: they share one body (useChatInstance), so StrictMode, unmount and
// sharing a ready chat are pinned once, against the real mock server, for each of them.
import { act, render, screen, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import { messageText, useStreamingChat, useWebSocketAgent } from 'react-agent-stream'
import {
  type Chat,
  type ChatMessage,
  createChat,
  createSseTransport,
  createWebSocketTransport,
  resolveProtocol,
  type WebSocketTransport,
} from 'react-agent-stream/core'
import { getScenario, scenarioText } from 'react-agent-stream/testing'
import { setupMockAgentServer } from '../helpers/setup-server.js'

const server = setupMockAgentServer({ tokenDelayMs: 1 })
const fullAnswer = scenarioText(getScenario('markdown'))
const answerOf = (messages: readonly ChatMessage[]) => {
  const last = messages.at(-1)
  return last?.role === 'assistant' ? messageText(last) : ''
}

type Result = ReturnType<typeof useStreamingChat>
/** A key the server records (the hook builds its chat), or a ready chat. */
type Source = string | Chat

interface HookCase {
  name: string
  /** The hook, building its own chat for a key or showing a ready one. */
  useChat: (source: Source) => Result
  /** A ready chat for `key`. */
  createReady: (key: string) => Chat
  /** Connections the server saw so far. */
  connections: () => number
}

const sseApi = (key: string) => `${server.url}/api/chat?key=${key}&delayMs=20`
const socketUrl = (key: string) => `${server.wsUrl}?client=${key}&delayMs=20`

const cases: HookCase[] = [
  {
    name: 'useStreamingChat',
    useChat: (source) =>
      useStreamingChat(typeof source === 'string' ? { api: sseApi(source) } : { chat: source }),
    createReady: (key) =>
      createChat({ transport: createSseTransport(), protocol: resolveProtocol('auto'), api: sseApi(key) }),
    connections: () => server.requests.length,
  },
  {
    name: 'useWebSocketAgent',
    useChat: (source) =>
      useWebSocketAgent(
        typeof source === 'string'
          ? { url: socketUrl(source) }
          : { chat: source as Chat<WebSocketTransport> },
      ),
    createReady: (key) =>
      createChat({
        transport: createWebSocketTransport({ url: socketUrl(key) }),
        protocol: resolveProtocol('websocket-chunk'),
      }),
    connections: () => server.socketConnections,
  },
]

describe.each(cases)('$name', (hook) => {
  function Sender({ source }: { source: Source }) {
    const chat = hook.useChat(source)
    return (
      <button type="button" onClick={() => void chat.send('hello')}>
        {chat.status}
      </button>
    )
  }
  function Transcript({ source }: { source: Source }) {
    const chat = hook.useChat(source)
    return <output aria-label="answer">{answerOf(chat.messages)}</output>
  }

  it('opens one connection under StrictMode, closes it on unmount, and no render follows', async () => {
    const before = hook.connections()
    let renders = 0
    function Counted() {
      renders++
      return <Sender source={`${hook.name}-unmount`} />
    }
    const { unmount } = render(
      <StrictMode>
        <Counted />
      </StrictMode>,
    )
    act(() => screen.getByRole('button').click())
    await waitFor(() => expect(screen.getByRole('button').textContent).toBe('streaming'))
    unmount()
    const rendersAtUnmount = renders
    await waitFor(() => expect(server.openStreams()).toBe(0))
    expect(renders).toBe(rendersAtUnmount)
    expect(hook.connections() - before).toBe(1)
  })

  it('shares a ready chat between two components, and its owner keeps it after they unmount', async () => {
    const key = `${hook.name}-ready`
    const chat = hook.createReady(key)
    const before = hook.connections()
    const releaseOwner = chat.retain()
    const { unmount } = render(
      <StrictMode>
        <Sender source={chat} />
        <Transcript source={chat} />
      </StrictMode>,
    )
    act(() => screen.getByRole('button').click())
    await waitFor(() => expect(screen.getByRole('button').textContent).toBe('complete'))
    expect(screen.getByLabelText('answer').textContent).toBe(fullAnswer)
    // The plain caller sees the same conversation the components showed.
    expect(answerOf(chat.session.getSnapshot().messages)).toBe(fullAnswer)
    expect(hook.connections() - before).toBe(1)
    unmount()
    await act(async () => {})
    expect(chat.disposed).toBe(false)
    expect(chat.holders).toBe(1)
    releaseOwner()
    await act(async () => {})
    expect(chat.disposed).toBe(true)
  })

  it('shows what a plain caller sends on a chat it shares with a component', async () => {
    const key = `${hook.name}-plain`
    const chat = hook.createReady(key)
    const finished: string[] = []
    function Listening() {
      const result = useStreamingChat({ chat, onFinish: (info) => finished.push(info.outcome) })
      return <output aria-label="answer">{answerOf(result.messages)}</output>
    }
    const { unmount } = render(
      <StrictMode>
        {hook.name === 'useStreamingChat' ? <Listening /> : <Transcript source={chat} />}
      </StrictMode>,
    )
    await act(async () => {
      await chat.gate.send('hello')
    })
    await waitFor(() => expect(screen.getByLabelText('answer').textContent).toBe(fullAnswer))
    if (hook.name === 'useStreamingChat') expect(finished).toEqual(['complete'])
    unmount()
    await act(async () => {})
    // The component was the only holder: its release disposes the chat.
    expect(chat.disposed).toBe(true)
  })
})
