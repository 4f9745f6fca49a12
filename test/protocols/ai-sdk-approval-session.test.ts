// A chat session against a real AI SDK route on 127.0.0.1 (streamText with a tool that needs
// approval): the approval request is read from the stream, the decision goes back as UI messages
// (toUIMessages), and the SDK on the other side runs or skips the tool.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { convertToModelMessages, validateUIMessages } from 'ai'
import {
  type ChatMessage,
  createChatSession,
  immediateScheduler,
  type ToolCallPart,
} from '../../src/core/index.js'
import { aiSdkProtocol, toUIMessages } from '../../src/protocols/index.js'
import { createSseTransport } from '../../src/transports/index.js'
import { setupHttpServer } from '../helpers/setup-server.js'
import { approvalRoute } from './ai-sdk-producer.js'

const bodies: { messages?: unknown }[] = []

async function handle(request: IncomingMessage, response: ServerResponse) {
  let text = ''
  for await (const chunk of request) text += String(chunk)
  const body = JSON.parse(text) as { messages?: unknown }
  bodies.push(body)
  try {
    const answer = await approvalRoute(body)
    response.writeHead(answer.status, Object.fromEntries(answer.headers))
    for await (const chunk of answer.body ?? []) response.write(chunk)
    response.end()
  } catch (error) {
    // What a route does when validateUIMessages rejects the body: a 400 the session reports.
    response.writeHead(400, { 'content-type': 'text/plain' })
    response.end(error instanceof Error ? error.message : String(error))
  }
}

const server = setupHttpServer((request, response) => void handle(request, response))
const chatUrl = () => `${server.url}/api/chat`
beforeEach(() => {
  bodies.length = 0
})

function aiSdkSession() {
  return createChatSession({
    api: chatUrl(),
    transport: createSseTransport({ retry: false }),
    protocol: aiSdkProtocol,
    scheduler: immediateScheduler,
    prepareRequest: ({ messages, continuation, request }) => ({
      ...request,
      body: JSON.stringify({ messages: toUIMessages(messages, { continuation }) }),
    }),
  })
}

type SentPart = { type: string; state?: string; approval?: unknown }

/** The parts of the message at `index` (default: the last) in the body of request number `request`. */
function sentParts(request: number, index = -1): SentPart[] {
  const messages = bodies[request]?.messages as { parts: SentPart[] }[] | undefined
  return messages?.at(index)?.parts ?? []
}

function toolCalls(messages: readonly ChatMessage[]): ToolCallPart[] {
  return (messages.at(-1)?.parts ?? []).filter((part): part is ToolCallPart => part.type === 'tool-call')
}

describe('createChatSession over an AI SDK route with a tool that needs approval (127.0.0.1)', () => {
  it('asks for approval, sends the approval as UI messages, and the SDK runs the tool', async () => {
    const session = aiSdkSession()
    const paused = await session.send('Delete the report')
    expect(paused.error).toBeUndefined()
    expect(paused.status).toBe('complete')
    expect(toolCalls(paused.messages)).toMatchObject([
      { id: 'call-del', name: 'delete_file', state: 'awaiting-approval', args: { path: '/tmp/report.txt' } },
    ])
    const approvalId = toolCalls(paused.messages)[0]?.approval?.id
    expect(approvalId).toEqual(expect.any(String))

    const final = await session.approveToolCall('call-del')
    expect(bodies).toHaveLength(2)
    expect(sentParts(1).find((part) => part.type === 'tool-delete_file')).toMatchObject({
      state: 'approval-responded',
      approval: { id: approvalId, approved: true },
    })
    expect(final.error).toBeUndefined()
    expect(final.status).toBe('complete')
    expect(final.messages).toHaveLength(2)
    expect(toolCalls(final.messages)).toMatchObject([
      { id: 'call-del', state: 'succeeded', result: { deleted: true, path: '/tmp/report.txt' } },
    ])
    expect(final.messages.at(-1)?.parts.at(-1)).toMatchObject({ type: 'text', text: 'Deleted the report.' })
    session.dispose()
  })

  it('a denial with a reason reaches the SDK: the tool does not run and the model is told', async () => {
    const session = aiSdkSession()
    await session.send('Delete the report')
    const final = await session.denyToolCall('call-del', { reason: 'Keep it' })
    expect(sentParts(1).find((part) => part.type === 'tool-delete_file')).toMatchObject({
      state: 'approval-responded',
      approval: { approved: false, reason: 'Keep it' },
    })
    expect(final.error).toBeUndefined()
    expect(toolCalls(final.messages)).toMatchObject([{ id: 'call-del', state: 'denied' }])
    expect(toolCalls(final.messages)[0]?.result).toBeUndefined()
    expect(final.messages.at(-1)?.parts.at(-1)).toMatchObject({
      type: 'text',
      text: 'I left the report alone.',
    })

    // The next user message carries the settled turn as history the SDK accepts.
    const next = await session.send('Thanks')
    expect(next.error).toBeUndefined()
    expect(sentParts(2, 1).find((part) => part.type === 'tool-delete_file')?.state).toBe('output-denied')
    session.dispose()
  })
})

describe('the same AI SDK route without toUIMessages', () => {
  it('rejects the default body ({id, role, content} has no parts): a clear http error, the question kept', async () => {
    const session = createChatSession({
      api: chatUrl(),
      transport: createSseTransport({ retry: false }),
      protocol: aiSdkProtocol,
      scheduler: immediateScheduler,
    })
    const failed = await session.send('Delete the report')
    expect(failed.status).toBe('error')
    expect(failed.error).toMatchObject({ code: 'http', status: 400 })
    expect(failed.messages.map((message) => message.role)).toEqual(['user'])
    session.dispose()
  })
})

describe('toUIMessages', () => {
  const messages: ChatMessage[] = [
    { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Weather and files?' }] },
    {
      id: 'a1',
      role: 'assistant',
      parts: [
        { type: 'reasoning', text: 'Two tools.', state: 'done' },
        { type: 'text', text: 'Checking.' },
        {
          type: 'tool-call',
          id: 'c1',
          name: 'get_weather',
          argsText: '{"city":"Oslo"}',
          args: { city: 'Oslo' },
          state: 'succeeded',
          result: { tempC: 4 },
        },
        {
          type: 'tool-call',
          id: 'c2',
          name: 'read_file',
          argsText: '{}',
          args: {},
          state: 'failed',
          error: 'ENOENT',
        },
        {
          type: 'tool-call',
          id: 'c3',
          name: 'delete_file',
          argsText: '{"path":"/x"}',
          args: { path: '/x' },
          state: 'running',
          approval: { id: 'ap-3', approved: true },
        },
        { type: 'data', name: 'progress', id: 'p1', data: { step: 2 } },
        { type: 'text', text: 'Done.' },
      ],
    },
  ]

  it('writes messages the ai package validates and converts, with the approval response in the continued message', async () => {
    const ui = toUIMessages(messages, { continuation: { messageId: 'a1', toolCalls: [] } })
    expect(ui[1]?.parts.map((part) => part.type)).toEqual([
      'reasoning',
      'text',
      'tool-get_weather',
      'tool-read_file',
      'tool-delete_file',
      'data-progress',
      'step-start',
      'text',
    ])
    const validated = await validateUIMessages({ messages: ui })
    const model = await convertToModelMessages(validated, { ignoreIncompleteToolCalls: false })
    const toolMessage = model.find((message) => message.role === 'tool')
    expect(toolMessage?.content).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'tool-approval-response', approvalId: 'ap-3', approved: true }),
        expect.objectContaining({ type: 'tool-result', toolCallId: 'c1' }),
        expect.objectContaining({ type: 'tool-result', toolCallId: 'c2' }),
      ]),
    )
  })

  it('without a continuation a denial is history: output-denied, with the reason', () => {
    const denied: ChatMessage = {
      id: 'a2',
      role: 'assistant',
      parts: [
        {
          type: 'tool-call',
          id: 'd1',
          name: 'delete_file',
          argsText: '{}',
          state: 'denied',
          approval: { approved: false, reason: 'no' },
        },
      ],
    }
    expect(toUIMessages([denied])[0]?.parts[0]).toEqual({
      type: 'tool-delete_file',
      toolCallId: 'd1',
      state: 'output-denied',
      input: {},
      approval: { id: 'd1', approved: false, reason: 'no' },
    })
  })
})
