import type { ToolCallPart } from '../../src/core/index.js'
import { agentEventsProtocol, aiSdkProtocol, langGraphProtocol } from '../../src/protocols/index.js'
import { readFrames } from '../helpers/sse-fixture.js'
import { decodeFixture } from './decode-helpers.js'

describe('tool approval on the wire', () => {
  it('agent-events: reads tool-approval-request and tool-denied with every field, skips one without id', () => {
    const { transcript, diagnostics } = decodeFixture(agentEventsProtocol, 'agent-events/tool-approval.sse')
    expect(transcript.tools['call-delete']).toMatchObject({
      name: 'delete_file',
      argsText: '{"path":"/tmp/report.txt"}',
      approvalRequested: 'approval-1',
    })
    expect(transcript.tools['call-delete']?.denied).toBeUndefined()
    expect(transcript.tools['call-email']).toMatchObject({ approvalRequested: '', denied: 'Not on a Sunday' })
    expect(diagnostics).toMatchObject([
      { kind: 'malformed', message: "agent-events: tool-denied needs 'id'" },
    ])
    expect(transcript.finishes).toEqual([{ type: 'finish', reason: 'tool-calls' }])
  })

  it('ai-sdk: tool-approval-request asks for approval and tool-output-denied denies (no data events, no error)', () => {
    const { transcript, events, diagnostics } = decodeFixture(aiSdkProtocol, 'ai-sdk/tool-approval.sse')
    expect(transcript.tools.call_delete).toMatchObject({
      name: 'delete_file',
      args: { path: '/tmp/report.txt' },
      ended: true,
      approvalRequested: 'approval_1',
    })
    expect(transcript.tools.call_email).toMatchObject({ name: 'send_email', denied: '' })
    expect(transcript.tools.call_email?.error).toBeUndefined()
    expect(events.filter((event) => event.type === 'data')).toEqual([])
    expect(diagnostics).toEqual([])
  })

  it('langgraph: a HITL interrupt asks approval of the streamed call, opens one for an unmatched action, and finishes as tool-calls', () => {
    const { transcript, events } = decodeFixture(langGraphProtocol, 'langgraph/hitl-interrupt.sse')
    expect(transcript.toolOrder).toHaveLength(2)
    expect(transcript.tools.call_email).toMatchObject({
      name: 'send_email',
      args: { to: 'ops@example.com', subject: 'Snow day' },
      ended: true,
      approvalRequested: 'int-42',
    })
    const opened = transcript.toolOrder[1] as string
    expect(transcript.tools[opened]).toMatchObject({
      name: 'delete_file',
      args: { path: '/tmp/report.txt' },
      ended: true,
      approvalRequested: 'int-42',
    })
    // The interrupt stays readable as data for apps that handle it themselves.
    expect(transcript.data.map((event) => event.name)).toEqual(['interrupt'])
    expect(transcript.finishes).toEqual([{ type: 'finish', reason: 'tool-calls' }])
    expect(events.filter((event) => event.type === 'error')).toEqual([])
  })

  it('langgraph: the continuation resumes the interrupt with one decision per action request, in order', () => {
    const decoder = langGraphProtocol.createDecoder()
    const events = readFrames('langgraph/hitl-interrupt.sse').flatMap((frame) => decoder.decode(frame))
    events.push(...decoder.end())
    const ids = events.flatMap((event) => (event.type === 'tool-approval-request' ? [event.id] : []))
    const call = (id: string, approval: ToolCallPart['approval']): ToolCallPart => ({
      type: 'tool-call',
      id,
      name: 'x',
      argsText: '',
      state: approval?.approved ? 'running' : 'denied',
      ...(approval ? { approval } : {}),
    })
    const body = decoder.continuationBody?.({
      messageId: 'm1',
      toolCalls: [
        call(ids[1] as string, { approved: false, reason: 'Keep the report' }),
        call(ids[0] as string, { id: 'int-42', approved: true }),
      ],
    })
    expect(body).toEqual({
      command: {
        resume: { decisions: [{ type: 'approve' }, { type: 'reject', message: 'Keep the report' }] },
      },
    })
  })

  it('langgraph: a stream without a HITL interrupt adds nothing to the continuation', () => {
    const decoder = langGraphProtocol.createDecoder()
    for (const frame of readFrames('langgraph/updates-interrupt-error.sse')) decoder.decode(frame)
    expect(decoder.continuationBody?.({ messageId: 'm1', toolCalls: [] })).toBeUndefined()
  })
})
