import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import { type ReactNode, StrictMode } from 'react'
import { messageText, useWebSocketAgent } from 'react-agent-stream'
import { getScenario, scenarioText } from 'react-agent-stream/testing'
import { setupMockAgentServer } from '../helpers/setup-server.js'

const server = setupMockAgentServer({ tokenDelayMs: 1 })

const strict = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>
const fullAnswer = scenarioText(getScenario('markdown'))
const toolCallOf = (messages: ReturnType<typeof useWebSocketAgent>['messages'], id: string) =>
  messages.flatMap((message) => message.parts).find((part) => part.type === 'tool-call' && part.id === id)
const answerOf = (messages: ReturnType<typeof useWebSocketAgent>['messages']) => {
  const last = messages.at(-1)
  return last?.role === 'assistant' ? messageText(last) : ''
}

describe('useWebSocketAgent', () => {
  it('opens exactly one socket on mount under StrictMode, then streams an answer over it', async () => {
    const before = server.socketConnections
    const url = `${server.wsUrl}?client=strict`
    const { result, unmount } = renderHook(() => useWebSocketAgent({ url }), { wrapper: strict })
    await waitFor(() => expect(result.current.readyState).toBe(1))
    expect(server.socketConnections - before).toBe(1)
    await act(async () => {
      await result.current.send('hello')
    })
    expect(result.current.status).toBe('complete')
    expect(answerOf(result.current.messages)).toBe(fullAnswer)
    expect(server.socketConnections - before).toBe(1)
    unmount()
  })

  it('shares one socket and one conversation between components that name the same URL', async () => {
    const before = server.socketConnections
    const url = `${server.wsUrl}?client=shared`
    function Chat() {
      const agent = useWebSocketAgent({ url })
      return (
        <button type="button" onClick={() => void agent.send('hello')}>
          {agent.status}
        </button>
      )
    }
    function Transcript() {
      const agent = useWebSocketAgent({ url })
      return <output aria-label="answer">{answerOf(agent.messages)}</output>
    }
    const { unmount } = render(
      <StrictMode>
        <Chat />
        <Transcript />
      </StrictMode>,
    )
    act(() => screen.getByRole('button').click())
    await waitFor(() => expect(screen.getByRole('button').textContent).toBe('complete'))
    expect(screen.getByLabelText('answer').textContent).toBe(fullAnswer)
    expect(server.socketConnections - before).toBe(1)
    unmount()
  })

  it('sends raw messages on the open socket', async () => {
    const url = `${server.wsUrl}?client=raw`
    const { result, unmount } = renderHook(() => useWebSocketAgent({ url }))
    await waitFor(() => expect(result.current.readyState).toBe(1))
    expect(result.current.sendRaw('{"type":"note","text":"hi"}')).toBe('sent')
    await waitFor(() => expect(server.socketMessages).toContain('{"type":"note","text":"hi"}'))
    unmount()
  })

  it('reconnects in the background after the server drops an idle socket', async () => {
    const before = server.socketConnections
    const url = `${server.wsUrl}?client=flap&closeAfterOpenMs=30&closeTimes=1&closeCode=1011`
    const { result, unmount } = renderHook(() =>
      useWebSocketAgent({ url, reconnect: { baseDelayMs: 50, minDelayMs: 10, maxDelayMs: 100 } }),
    )
    await waitFor(() => expect(server.socketConnections - before).toBe(2), { timeout: 5000 })
    await waitFor(() => expect(result.current.readyState).toBe(1))
    expect(result.current.socket.status).toBe('open')
    unmount()
  })

  it('shows a tool call that awaits approval, and after approve streams the continuation on the same socket', async () => {
    const before = server.socketConnections
    // The default websocket-chunk messages carry text only: the agent sends agent events here.
    const url = `${server.wsUrl}?client=approval&format=agent-events&scenario=approval`
    const { result, unmount } = renderHook(() => useWebSocketAgent({ url, protocol: 'agent-events' }), {
      wrapper: strict,
    })
    await act(async () => {
      await result.current.send('delete the report')
    })
    const call = () => toolCallOf(result.current.messages, 'call-delete')
    expect(call()).toMatchObject({
      name: 'delete_file',
      state: 'awaiting-approval',
      args: { path: '/tmp/report.txt' },
    })
    expect(answerOf(result.current.messages)).toBe('I can delete that file, but I need your approval first.')

    await act(async () => {
      await result.current.approveToolCall('call-delete')
    })
    await waitFor(() => expect(result.current.status).toBe('complete'))
    expect(call()).toMatchObject({ state: 'succeeded', result: { deleted: true, path: '/tmp/report.txt' } })
    expect(answerOf(result.current.messages)).toContain('Done: I deleted /tmp/report.txt.')
    const continuation = server.socketMessages.find((message) => message.includes('"type":"continue"'))
    expect(JSON.parse(continuation ?? '{}')).toMatchObject({
      toolCalls: [{ id: 'call-delete', approval: { approved: true } }],
    })
    expect(server.socketConnections - before).toBe(1)
    unmount()
  })

  it('is in an error state, not a crash, when given neither a url nor a chat (issue 17)', async () => {
    const before = server.socketConnections
    // What a JavaScript caller (or a url read from an unset variable) passes.
    const noTarget = { url: undefined } as unknown as { url: string }
    const { result, unmount } = renderHook(() => useWebSocketAgent(noTarget), { wrapper: strict })
    expect(result.current.status).toBe('error')
    expect(result.current.error?.code).toBe('invalid_input')
    expect(result.current.error?.message).toMatch(/needs a `url`.* or a `chat`/)
    expect(result.current.readyState).toBe(3)
    let settled: Awaited<ReturnType<typeof result.current.send>> | undefined
    await act(async () => {
      settled = await result.current.send('hello')
    })
    expect(settled?.error?.code).toBe('invalid_input')
    expect(result.current.status).toBe('error')
    expect(server.socketConnections - before).toBe(0)
    unmount()
  })
})
