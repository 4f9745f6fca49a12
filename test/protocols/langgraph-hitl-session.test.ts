import { createChatSession, immediateScheduler, type ToolCallPart } from '../../src/core/index.js'
import { langGraphProtocol } from '../../src/protocols/index.js'
import { createSseTransport } from '../../src/transports/index.js'
import { setupHttpServer } from '../helpers/setup-server.js'
import { readFixture } from '../helpers/sse-fixture.js'

/** The resumed run after the decisions: the approved email is sent, the deletion was rejected. */
const RESUMED = [
  'event: updates',
  'data: {"tools":{"messages":[{"content":"Email sent.","type":"tool","name":"send_email","id":"t-9","tool_call_id":"call_email","status":"success"}]}}',
  '',
  'event: messages',
  'data: [{"content":"Sent the email; I left the report alone.","type":"AIMessageChunk","id":"run--ai-8"},{}]',
  '',
  'event: end',
  'data: null',
  '',
  '',
].join('\n')

const bodies: unknown[] = []

const server = setupHttpServer((request, response) => {
  let body = ''
  request.setEncoding('utf8')
  request.on('data', (chunk: string) => {
    body += chunk
  })
  request.on('end', () => {
    bodies.push(JSON.parse(body))
    response.writeHead(200, { 'content-type': 'text/event-stream' })
    // A HITL interrupt first; the run resumed with a Command afterwards.
    response.end(bodies.length === 1 ? readFixture('langgraph/hitl-interrupt.sse') : RESUMED)
  })
})
const runUrl = () => `${server.url}/threads/t1/runs/stream`

describe('createChatSession over a LangGraph endpoint with the human-in-the-loop middleware (127.0.0.1)', () => {
  it('shows the interrupt as approvals, then resumes the run with one decision per action request', async () => {
    const session = createChatSession({
      api: runUrl(),
      transport: createSseTransport({ retry: false }),
      protocol: langGraphProtocol,
      scheduler: immediateScheduler,
    })
    const paused = await session.send('Email ops and delete the report')
    expect(paused.status).toBe('complete')
    expect(paused.error).toBeUndefined()
    expect(paused.finishReason).toBe('tool-calls')
    const calls = paused.messages
      .at(-1)
      ?.parts.filter((part): part is ToolCallPart => part.type === 'tool-call')
    expect(calls).toMatchObject([
      { id: 'call_email', name: 'send_email', state: 'awaiting-approval', approval: { id: 'int-42' } },
      { name: 'delete_file', args: { path: '/tmp/report.txt' }, state: 'awaiting-approval' },
    ])
    const deleteId = calls?.[1]?.id as string

    // The first decision alone sends nothing: the continuation waits for the last pending approval.
    await session.approveToolCall('call_email')
    expect(bodies).toHaveLength(1)
    const final = await session.denyToolCall(deleteId, { reason: 'Keep the report' })
    expect(bodies).toHaveLength(2)
    expect(bodies[1]).toMatchObject({
      command: {
        resume: { decisions: [{ type: 'approve' }, { type: 'reject', message: 'Keep the report' }] },
      },
    })
    expect(final.status).toBe('complete')
    expect(final.finishReason).toBe('stop')
    expect(final.messages.map((message) => message.role)).toEqual(['user', 'assistant'])
    expect(final.messages.at(-1)?.parts).toMatchObject([
      { type: 'tool-call', id: 'call_email', state: 'succeeded', result: 'Email sent.' },
      {
        type: 'tool-call',
        id: deleteId,
        state: 'denied',
        approval: { approved: false, reason: 'Keep the report' },
      },
      { type: 'data', name: 'interrupt' },
      { type: 'text', text: 'Sent the email; I left the report alone.' },
    ])
  })
})
