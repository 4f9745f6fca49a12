// Over 300 lines: the session's core contract against an in-process transport (send, stop, retry,
// reset, caps, statuses); resumes, tools, branches and protocol loading have files of their own.
import {
  type ChatSnapshot,
  type ReasoningPart,
  StreamError,
  type ToolCallPart,
} from '../../src/core/index.js'
import { plainTextProtocol } from '../../src/protocols/index.js'
import { createIterableTransport } from '../../src/transports/index.js'
import {
  createControlledWire,
  createManualScheduler,
  lastText,
  sessionOver,
  settle,
} from '../helpers/session-harness.js'

describe('createChatSession', () => {
  it('builds one assistant message from text deltas and completes on finish', async () => {
    const wire = createControlledWire()
    const session = sessionOver(wire)
    const done = session.send('Hi')
    await settle()
    expect(session.getSnapshot().status).toBe('submitted')
    wire.event({ type: 'text-delta', text: 'Hel' })
    wire.event({ type: 'text-delta', text: 'lo' })
    await settle()
    expect(session.getSnapshot().status).toBe('streaming')
    wire.event({ type: 'finish', reason: 'stop' })
    const final = await done
    expect(final.status).toBe('complete')
    expect(final.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
    expect(lastText(final)).toBe('Hello')
    expect(final.connection).toBe('closed')
  })

  it('notifies token text at most once per frame but status changes at once', async () => {
    const wire = createControlledWire()
    const scheduler = createManualScheduler()
    const session = sessionOver(wire, { scheduler })
    const seen: ChatSnapshot[] = []
    session.subscribe(() => seen.push(session.getSnapshot()))
    void session.send('Hi')
    await settle()
    wire.event({ type: 'text-delta', text: 'a' })
    await settle()
    const afterFirst = seen.length
    expect(seen.at(-1)?.status).toBe('streaming')
    for (const text of ['b', 'c', 'd']) wire.event({ type: 'text-delta', text })
    await settle()
    expect(seen.length).toBe(afterFirst)
    expect(scheduler.pending).toBe(1)
    scheduler.flush()
    expect(seen.length).toBe(afterFirst + 1)
    expect(lastText(session.getSnapshot())).toBe('abcd')
  })

  it('flushes pending text before settling, so complete never shows stale text', async () => {
    const wire = createControlledWire()
    const scheduler = createManualScheduler()
    const session = sessionOver(wire, { scheduler })
    const done = session.send('Hi')
    await settle()
    wire.event({ type: 'text-delta', text: 'a' })
    wire.event({ type: 'text-delta', text: 'b' })
    wire.event({ type: 'finish' })
    const final = await done
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe('ab')
  })

  it('returns the same snapshot object until something changes', async () => {
    const wire = createControlledWire()
    const session = sessionOver(wire)
    const before = session.getSnapshot()
    session.flush()
    expect(session.getSnapshot()).toBe(before)
  })

  it('keeps the partial text when stopped, settles cancelled, and is idempotent', async () => {
    const wire = createControlledWire()
    const session = sessionOver(wire)
    const done = session.send('Hi')
    await settle()
    wire.event({ type: 'text-delta', text: 'partial' })
    await settle()
    session.stop()
    session.stop()
    const final = await done
    expect(final.status).toBe('cancelled')
    expect(final.error).toBeUndefined()
    expect(lastText(final)).toBe('partial')
    wire.event({ type: 'text-delta', text: ' more' })
    await settle()
    expect(lastText(session.getSnapshot())).toBe('partial')
    expect(wire.contexts).toHaveLength(1)
    expect(wire.contexts[0]?.signal.aborted).toBe(true)
  })

  it('tells the transport to cancel on stop, but not on disconnect', async () => {
    const wire = createControlledWire()
    const cancel = vi.fn(async () => {})
    const session = sessionOver(wire, { transport: { ...wire.transport, cancel } })
    void session.send('Hi')
    await settle()
    session.disconnect()
    expect(cancel).not.toHaveBeenCalled()
    void session.send('again')
    await settle()
    session.stop()
    expect(cancel).toHaveBeenCalledTimes(1)
  })

  it('disconnect leaves the response open and resume continues from the cursor', async () => {
    const wire = createControlledWire()
    const session = sessionOver(wire)
    void session.send('Hi')
    await settle()
    wire.event({ type: 'text-delta', text: 'one ' }, 's-0')
    await settle()
    session.disconnect()
    const paused = session.getSnapshot()
    expect(paused.status).toBe('streaming')
    expect(paused.connection).toBe('closed')
    expect(paused.resumable).toBe(true)
    expect(paused.lastEventId).toBe('s-0')
    const done = session.resume()
    await settle()
    expect(wire.contexts[1]?.lastEventId).toBe('s-0')
    wire.event({ type: 'text-delta', text: 'two' }, 's-1')
    wire.event({ type: 'finish' }, 's-2')
    const final = await done
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe('one two')
  })

  it('parses streamed tool-call arguments and tracks the call to its result', async () => {
    const wire = createControlledWire()
    const session = sessionOver(wire)
    const done = session.send('Weather?')
    await settle()
    wire.event({ type: 'tool-call-start', id: 'c1', name: 'get_weather' })
    wire.event({ type: 'tool-call-delta', id: 'c1', argsText: '{"city":' })
    wire.event({ type: 'tool-call-delta', id: 'c1', argsText: '"Paris"}' })
    await settle()
    const streaming = session.getSnapshot().messages.at(-1)?.parts[0] as ToolCallPart
    expect(streaming).toMatchObject({
      state: 'input-streaming',
      argsText: '{"city":"Paris"}',
      args: { city: 'Paris' },
    })
    wire.event({ type: 'tool-call-end', id: 'c1' })
    wire.event({ type: 'tool-result', id: 'c1', result: { temperature: 18 } })
    wire.event({ type: 'tool-result', id: 'unknown', result: 1 })
    wire.event({ type: 'finish' })
    const final = await done
    expect(final.messages.at(-1)?.parts[0]).toMatchObject({ state: 'succeeded', result: { temperature: 18 } })
    expect(final.droppedCount).toBe(1)
  })

  it('closes the reasoning part with its duration when the answer starts', async () => {
    let now = 1000
    const wire = createControlledWire()
    const session = sessionOver(wire, { timers: { now: () => now, setTimeout, clearTimeout } as never })
    const done = session.send('Think')
    await settle()
    wire.event({ type: 'reasoning-delta', text: 'hmm' })
    await settle()
    now = 1750
    wire.event({ type: 'text-delta', text: 'Answer' })
    wire.event({ type: 'finish' })
    const final = await done
    const [reasoning, text] = final.messages.at(-1)?.parts ?? []
    expect(reasoning as ReasoningPart).toMatchObject({
      type: 'reasoning',
      text: 'hmm',
      state: 'done',
      durationMs: 750,
    })
    expect(text).toEqual({ type: 'text', text: 'Answer' })
    expect(final.metrics.timeToFirstTokenMs).toBe(0)
  })

  it('opens one assistant message per agent in a multi-agent answer', async () => {
    const wire = createControlledWire()
    const session = sessionOver(wire)
    const done = session.send('Go')
    await settle()
    wire.event({ type: 'agent-start', agent: 'researcher' })
    wire.event({ type: 'text-delta', text: 'found' })
    wire.event({ type: 'agent-start', agent: 'writer' })
    wire.event({ type: 'text-delta', text: 'wrote' })
    wire.event({ type: 'finish' })
    const final = await done
    expect(final.messages.slice(1).map((m) => [m.agent, lastText({ messages: [m] })])).toEqual([
      ['researcher', 'found'],
      ['writer', 'wrote'],
    ])
  })

  it('hands transient data to onEvent but keeps only lasting data parts in the message', async () => {
    const wire = createControlledWire()
    const seen: string[] = []
    const session = sessionOver(wire, {
      onEvent: (event) => {
        if (event.type === 'data') seen.push(event.name)
      },
    })
    const done = session.send('Go')
    await settle()
    wire.event({ type: 'data', name: 'notification', data: { text: 'Working' }, transient: true })
    wire.event({ type: 'data', name: 'source', data: { url: 'https://example.com' }, id: 's1' })
    wire.event({ type: 'text-delta', text: 'done' })
    wire.event({ type: 'finish' })
    const final = await done
    expect(seen).toEqual(['notification', 'source'])
    expect(final.messages[1]?.parts.map((part) => (part.type === 'data' ? part.name : part.type))).toEqual([
      'source',
      'text',
    ])
  })

  it('ends with error and keeps the partial text when the server reports an in-band error', async () => {
    const wire = createControlledWire()
    const session = sessionOver(wire)
    const done = session.send('Hi')
    await settle()
    wire.event({ type: 'text-delta', text: 'half' })
    wire.event({ type: 'error', message: 'model overloaded' })
    const final = await done
    expect(final.status).toBe('error')
    expect(final.error?.code).toBe('server')
    expect(lastText(final)).toBe('half')
  })

  it('reports callbacks that throw without killing the stream', async () => {
    const wire = createControlledWire()
    const errors: StreamError[] = []
    let calls = 0
    const session = sessionOver(wire, {
      onEvent() {
        calls++
        if (calls === 2) throw new Error('handler bug')
      },
      onError: (error) => errors.push(error),
    })
    const done = session.send('Hi')
    await settle()
    for (const text of ['a', 'b', 'c']) wire.event({ type: 'text-delta', text })
    wire.event({ type: 'finish' })
    const final = await done
    expect(lastText(final)).toBe('abc')
    expect(final.status).toBe('complete')
    expect(errors.map((e) => e.code)).toEqual(['callback'])
  })

  it('truncates text at the message cap, says so, and stays bounded through a 50 MB answer', async () => {
    const chunk = 'x'.repeat(1024)
    const chunks = 50 * 1024
    const session = sessionOver(createControlledWire(), {
      transport: createIterableTransport(function* () {
        for (let index = 0; index < chunks; index++) yield chunk
      }),
      protocol: plainTextProtocol,
    })
    const final = await session.send('long')
    expect(final.status).toBe('complete')
    expect(final.truncated).toBe(true)
    expect(lastText(final).length).toBe(2_000_000)
    expect(final.droppedCharacters).toBe(chunks * 1024 - 2_000_000)
    expect(final.metrics.characters).toBe(chunks * 1024)
  })

  it('drops the oldest messages beyond maxMessages and counts them', () => {
    const session = sessionOver(createControlledWire(), { caps: { maxMessages: 2 } })
    session.setMessages(
      ['a', 'b', 'c'].map((id) => ({
        id,
        role: 'user' as const,
        parts: [{ type: 'text' as const, text: id }],
      })),
    )
    expect(session.getSnapshot().messages.map((m) => m.id)).toEqual(['b', 'c'])
    expect(session.getSnapshot().droppedMessages).toBe(1)
  })

  it('regenerates the last answer without a new user message', async () => {
    const wire = createControlledWire()
    const session = sessionOver(wire)
    const first = session.send('Hi')
    await settle()
    wire.event({ type: 'text-delta', text: 'first' })
    wire.event({ type: 'finish' })
    await first
    const second = session.regenerate()
    await settle()
    wire.event({ type: 'text-delta', text: 'second' })
    wire.event({ type: 'finish' })
    const final = await second
    expect(final.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
    expect(lastText(final)).toBe('second')
    expect(wire.contexts[1]?.text).toBe('Hi')
  })

  it('reset clears messages and status; dispose turns later calls into no-ops', async () => {
    const wire = createControlledWire()
    const session = sessionOver(wire)
    void session.send('Hi')
    await settle()
    session.reset()
    expect(session.getSnapshot()).toMatchObject({ messages: [], status: 'idle' })
    session.dispose()
    const listener = vi.fn()
    session.subscribe(listener)
    await session.send('ignored')
    expect(listener).not.toHaveBeenCalled()
    expect(wire.contexts).toHaveLength(1)
  })

  it('ends interrupted with the partial text when the transport cannot resume', async () => {
    const wire = createControlledWire()
    const session = sessionOver(wire)
    const done = session.send('Hi')
    await settle()
    wire.event({ type: 'text-delta', text: 'partial' })
    await settle()
    wire.fail(new StreamError('interrupted', 'dropped'))
    const final = await done
    expect(final).toMatchObject({ status: 'error', finishReason: 'interrupted', resumable: false })
    expect(final.error?.code).toBe('interrupted')
    expect(lastText(final)).toBe('partial')
  })

  it('lets a protocol chooser pick the decoder from the response headers', async () => {
    const seen: Record<string, string>[] = []
    const session = sessionOver(createControlledWire(), {
      transport: createIterableTransport(function* (context) {
        context.onOpen?.({ 'content-type': 'text/event-stream', 'x-protocol': 'plain' })
        yield 'plain text'
      }),
      protocol: (headers) => {
        seen.push({ ...headers })
        return plainTextProtocol
      },
    })
    const final = await session.send('Hi')
    expect(seen[0]?.['x-protocol']).toBe('plain')
    expect(lastText(final)).toBe('plain text')
  })
})
