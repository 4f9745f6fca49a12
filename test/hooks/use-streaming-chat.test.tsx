import { act, renderHook, waitFor } from '@testing-library/react'
import { type ReactNode, StrictMode, version } from 'react'
import {
  type FinishInfo,
  messageText,
  type StreamError,
  type StreamingChatOptions,
  useStreamingChat,
} from 'react-agent-stream'
import { getScenario, scenarioText } from 'react-agent-stream/testing'
import { setupMockAgentServer } from '../helpers/setup-server.js'

const server = setupMockAgentServer({ tokenDelayMs: 1 })

const strict = ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode>
const fullAnswer = scenarioText(getScenario('markdown'))
const chatRequests = (key: string) => server.requests.filter((request) => request.query.key === key)
const lastAnswer = (messages: ReturnType<typeof useStreamingChat>['messages']) => {
  const last = messages.at(-1)
  return last?.role === 'assistant' ? messageText(last) : ''
}

function renderChat(options: StreamingChatOptions) {
  return renderHook((props: StreamingChatOptions) => useStreamingChat(props), {
    initialProps: options,
    wrapper: strict,
  })
}

describe(`useStreamingChat (React ${version})`, () => {
  it('streams the mock agent answer over real SSE until complete', async () => {
    const { result } = renderChat({ api: `${server.url}/api/chat?key=plain` })
    await act(async () => {
      await result.current.send('hello')
    })
    expect(result.current.status).toBe('complete')
    expect(result.current.messages.map((message) => message.role)).toEqual(['user', 'assistant'])
    expect(lastAnswer(result.current.messages)).toBe(fullAnswer)
  })

  it('renders status changes at once, without waiting for a frame', () => {
    const { result } = renderChat({ api: `${server.url}/api/chat?key=status&noHeaders=1` })
    act(() => {
      void result.current.send('hello')
    })
    expect(result.current.status).toBe('submitted')
    expect(result.current.connection).toBe('connecting')
    act(() => result.current.stop())
    expect(result.current.status).toBe('cancelled')
  })

  it('talks to a GET endpoint that takes the prompt in the query string (FastAPI shape)', async () => {
    const { result } = renderChat({
      prepareRequest: ({ text }) => ({
        url: `${server.url}/api/stream?key=get&query=${encodeURIComponent(text)}`,
        method: 'GET',
      }),
    })
    await act(async () => {
      await result.current.send('what is SSE?')
    })
    expect(result.current.status).toBe('complete')
    expect(lastAnswer(result.current.messages)).toBe(fullAnswer)
    const [request] = chatRequests('get')
    expect(request?.method).toBe('GET')
    expect(request?.query.query).toBe('what is SSE?')
  })

  it('never reconnects when a new inline callback is passed every render', async () => {
    const finishes: FinishInfo[] = []
    const { result, rerender } = renderChat({
      api: `${server.url}/api/chat?key=inline&delayMs=5`,
      onFinish: () => {},
    })
    let sent: Promise<unknown> = Promise.resolve()
    act(() => {
      sent = result.current.send('hello')
    })
    for (let round = 0; round < 20; round++) {
      rerender({
        api: `${server.url}/api/chat?key=inline&delayMs=5`,
        onEvent: () => {},
        onFinish: (info) => finishes.push(info),
      })
    }
    await act(async () => {
      await sent
    })
    expect(chatRequests('inline')).toHaveLength(1)
    expect(finishes).toHaveLength(1)
    expect(finishes[0]?.outcome).toBe('complete')
    expect(finishes[0]?.message && messageText(finishes[0].message)).toBe(fullAnswer)
  })

  it('stop while connecting ends cancelled', async () => {
    const { result } = renderChat({ api: `${server.url}/api/chat?key=stop-connecting&noHeaders=1` })
    act(() => {
      void result.current.send('hello')
    })
    await waitFor(() => expect(chatRequests('stop-connecting')).toHaveLength(1))
    act(() => result.current.stop())
    expect(result.current.status).toBe('cancelled')
    expect(result.current.error).toBeUndefined()
  })

  it('stop while streaming ends cancelled and keeps the partial text', async () => {
    const { result } = renderChat({ api: `${server.url}/api/chat?key=stop-streaming&delayMs=20` })
    act(() => {
      void result.current.send('hello')
    })
    await waitFor(() => expect(lastAnswer(result.current.messages).length).toBeGreaterThan(20))
    act(() => result.current.stop())
    const partial = lastAnswer(result.current.messages)
    expect(result.current.status).toBe('cancelled')
    expect(fullAnswer.startsWith(partial)).toBe(true)
    expect(partial.length).toBeLessThan(fullAnswer.length)
    await waitFor(() => expect(server.openStreams()).toBe(0))
    expect(lastAnswer(result.current.messages)).toBe(partial)
    act(() => result.current.stop())
    expect(result.current.status).toBe('cancelled')
  })

  it('stop during backoff ends cancelled and sends nothing more', async () => {
    const { result } = renderChat({
      api: `${server.url}/api/chat?key=stop-backoff&status=503&statusTimes=100`,
      reconnect: { baseDelayMs: 60_000, minDelayMs: 60_000 },
    })
    act(() => {
      void result.current.send('hello')
    })
    await waitFor(() => expect(result.current.status).toBe('reconnecting'))
    act(() => result.current.stop())
    expect(result.current.status).toBe('cancelled')
    expect(chatRequests('stop-backoff')).toHaveLength(1)
  })

  it('resumes after a drop without losing or repeating a token', async () => {
    const { result } = renderChat({ api: `${server.url}/api/chat?key=resume&dropAfterEvents=12` })
    await act(async () => {
      await result.current.send('hello')
    })
    expect(result.current.status).toBe('complete')
    expect(lastAnswer(result.current.messages)).toBe(fullAnswer)
    expect(result.current.metrics.reconnects).toBe(1)
    expect(chatRequests('resume')[1]?.headers['last-event-id']).toBeDefined()
  })

  it('ends interrupted with the partial text when the stream has no event ids, and says so in onFinish', async () => {
    const onFinish = vi.fn<(info: FinishInfo) => void>()
    const { result } = renderChat({
      api: `${server.url}/api/chat?key=interrupted&ids=0&dropAfterEvents=12`,
      onFinish,
    })
    await act(async () => {
      await result.current.send('hello')
    })
    expect(result.current.status).toBe('error')
    expect(result.current.error?.code).toBe('interrupted')
    expect(lastAnswer(result.current.messages).length).toBeGreaterThan(0)
    expect(chatRequests('interrupted')).toHaveLength(1)
    expect(onFinish.mock.calls[0]?.[0].outcome).toBe('interrupted')
  })

  it('turns an HTML error page into a clear error state with the body surfaced', async () => {
    const onError = vi.fn<(error: StreamError) => void>()
    const body = encodeURIComponent('<html><body>Bad gateway</body></html>')
    const { result } = renderChat({
      api: `${server.url}/api/chat?key=html&status=502&statusTimes=100&contentType=text/html&body=${body}`,
      reconnect: false,
      onError,
    })
    await act(async () => {
      await result.current.send('hello')
    })
    expect(result.current.status).toBe('error')
    expect(result.current.error?.status).toBe(502)
    expect(result.current.error?.body).toContain('Bad gateway')
    expect(onError).toHaveBeenCalled()
  })

  it('fails fast with unauthorized on a 401 and does not retry', async () => {
    const { result } = renderChat({ api: `${server.url}/api/chat?key=auth&status=401&statusTimes=100` })
    await act(async () => {
      await result.current.send('hello')
    })
    expect(result.current.error?.code).toBe('unauthorized')
    expect(chatRequests('auth')).toHaveLength(1)
  })

  it("reports a wrong content type as 'content_type', not a hang", async () => {
    const { result } = renderChat({
      api: `${server.url}/api/chat?key=ctype&contentType=application/json&body=%7B%7D`,
      reconnect: false,
    })
    await act(async () => {
      await result.current.send('hello')
    })
    expect(result.current.status).toBe('error')
    expect(result.current.error?.code).toBe('content_type')
  })

  describe('send while a response streams', () => {
    it("'interrupt' cancels the first response, keeps its text, and answers the second", async () => {
      const { result } = renderChat({
        api: `${server.url}/api/chat?key=interrupt&delayMs=10`,
        sendPolicy: 'interrupt',
      })
      act(() => {
        void result.current.send('first')
      })
      await waitFor(() => expect(lastAnswer(result.current.messages).length).toBeGreaterThan(0))
      await act(async () => {
        await result.current.send('second')
      })
      const roles = result.current.messages.map((message) => message.role)
      expect(roles).toEqual(['user', 'assistant', 'user', 'assistant'])
      expect(fullAnswer.startsWith(messageText(result.current.messages[1] as never))).toBe(true)
      expect(lastAnswer(result.current.messages)).toBe(fullAnswer)
    })

    it("'queue' sends the second message after the first answer completes", async () => {
      const { result } = renderChat({
        api: `${server.url}/api/chat?key=queue&delayMs=2`,
        sendPolicy: 'queue',
      })
      let second: Promise<unknown> = Promise.resolve()
      act(() => {
        void result.current.send('first')
        second = result.current.send('second')
      })
      await act(async () => {
        await second
      })
      expect(result.current.messages.map((message) => message.role)).toEqual([
        'user',
        'assistant',
        'user',
        'assistant',
      ])
      expect(messageText(result.current.messages[1] as never)).toBe(fullAnswer)
      expect(lastAnswer(result.current.messages)).toBe(fullAnswer)
      expect(chatRequests('queue')).toHaveLength(2)
    })

    it("'reject' keeps the first response and reports 'busy'", async () => {
      const onError = vi.fn<(error: StreamError) => void>()
      const { result } = renderChat({
        api: `${server.url}/api/chat?key=reject&delayMs=2`,
        sendPolicy: 'reject',
        onError,
      })
      let first: Promise<unknown> = Promise.resolve()
      act(() => {
        first = result.current.send('first')
        void result.current.send('second')
      })
      await act(async () => {
        await first
      })
      expect(onError.mock.calls.map(([error]) => error.code)).toEqual(['busy'])
      expect(result.current.messages).toHaveLength(2)
      expect(chatRequests('reject')).toHaveLength(1)
    })
  })

  it('starts a new conversation when the id changes', async () => {
    const { result, rerender } = renderChat({ api: `${server.url}/api/chat?key=id`, id: 'a' })
    await act(async () => {
      await result.current.send('hello')
    })
    const first = result.current.session
    rerender({ api: `${server.url}/api/chat?key=id`, id: 'b' })
    expect(result.current.session).not.toBe(first)
    expect(result.current.messages).toEqual([])
  })
})
