import { act, renderHook, waitFor } from '@testing-library/react'
import { type ReactNode, StrictMode } from 'react'
import { messageText, useStreamingChat, useWebSocketAgent } from 'react-agent-stream'
import { getScenario, scenarioText } from 'react-agent-stream/testing'
import { setupMockAgentServer } from '../helpers/setup-server.js'

const server = setupMockAgentServer({ tokenDelayMs: 1 })

const strict = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>
const fullAnswer = scenarioText(getScenario('markdown'))
const texts = (messages: ReturnType<typeof useStreamingChat>['messages']) => messages.map(messageText)

/** The wire messages (`{role, content}`) of each POST sent with `key`. */
function sentPaths(key: string): string[][] {
  return server.requests
    .filter((request) => request.query.key === key && request.method === 'POST')
    .map((request) =>
      (JSON.parse(request.body) as { messages: { role: string; content: string }[] }).messages.map(
        (message) => `${message.role}:${message.content}`,
      ),
    )
}

describe('branching through the hooks', () => {
  it('useStreamingChat: an edit POSTs only the current path, and switchBranch shows the old turn', async () => {
    const api = `${server.url}/api/chat?key=edit`
    const { result } = renderHook(() => useStreamingChat({ api }), { wrapper: strict })
    await act(async () => {
      await result.current.send('first question')
    })
    await act(async () => {
      await result.current.send('second question')
    })
    const second = result.current.messages[2]?.id as string
    await act(async () => {
      await result.current.editMessage(second, 'second question, edited')
    })
    expect(result.current.status).toBe('complete')
    expect(texts(result.current.messages)).toEqual([
      'first question',
      fullAnswer,
      'second question, edited',
      fullAnswer,
    ])
    // The edit's request: the first turn and the edited question; the replaced question is not in it.
    expect(sentPaths('edit').at(-1)).toEqual([
      'user:first question',
      `assistant:${fullAnswer}`,
      'user:second question, edited',
    ])
    const edited = result.current.messages[2]?.id as string
    expect(result.current.branches).toEqual({ [edited]: { index: 1, count: 2 } })

    act(() => result.current.switchBranch(edited, 'previous'))
    expect(texts(result.current.messages)[2]).toBe('second question')
    expect(result.current.branches[second]).toEqual({ index: 0, count: 2 })
    expect(result.current.status).toBe('idle')
  })

  it('useStreamingChat: regenerate POSTs the path up to the question and keeps the earlier answer', async () => {
    const api = `${server.url}/api/chat?key=regenerate`
    const { result } = renderHook(() => useStreamingChat({ api }), { wrapper: strict })
    await act(async () => {
      await result.current.send('question')
    })
    const firstAnswer = result.current.messages[1]?.id as string
    await act(async () => {
      await result.current.regenerate()
    })
    expect(sentPaths('regenerate')).toEqual([['user:question'], ['user:question']])
    const secondAnswer = result.current.messages[1]?.id as string
    expect(secondAnswer).not.toBe(firstAnswer)
    expect(result.current.branches).toEqual({ [secondAnswer]: { index: 1, count: 2 } })
    act(() => result.current.switchBranch(secondAnswer, 0))
    expect(result.current.messages[1]?.id).toBe(firstAnswer)
  })

  it('useWebSocketAgent: edits over the socket and switches back', async () => {
    const url = `${server.wsUrl}?client=branching`
    const { result, unmount } = renderHook(() => useWebSocketAgent({ url }), { wrapper: strict })
    await waitFor(() => expect(result.current.readyState).toBe(1))
    await act(async () => {
      await result.current.send('hello')
    })
    const original = result.current.messages[0]?.id as string
    await act(async () => {
      await result.current.editMessage(original, 'hello again')
    })
    expect(result.current.status).toBe('complete')
    expect(texts(result.current.messages)).toEqual(['hello again', fullAnswer])
    expect(server.socketMessages).toContain('hello again')
    const edited = result.current.messages[0]?.id as string
    act(() => result.current.switchBranch(edited, 'previous'))
    expect(texts(result.current.messages)).toEqual(['hello', fullAnswer])
    expect(result.current.branches).toEqual({ [original]: { index: 0, count: 2 } })
    unmount()
  })
})
