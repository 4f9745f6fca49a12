import type { ChatSnapshot } from '../../src/core/index.js'
import {
  createControlledWire,
  createManualScheduler,
  sessionOver,
  settle,
} from '../helpers/session-harness.js'

describe('the chat session store', () => {
  it('a disconnect publishes one snapshot with the connection closed and the response resumable', async () => {
    const wire = createControlledWire()
    const session = sessionOver(wire)
    void session.send('Hi')
    await settle()
    wire.event({ type: 'text-delta', text: 'one ' }, 's-0')
    await settle()
    const seen: ChatSnapshot[] = []
    session.subscribe(() => seen.push(session.getSnapshot()))
    session.disconnect()
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ connection: 'closed', resumable: true, status: 'streaming' })
    session.dispose()
  })

  it('folds the metrics into each publish: token counts arrive with the tokens', async () => {
    const wire = createControlledWire()
    const scheduler = createManualScheduler()
    const session = sessionOver(wire, { scheduler })
    void session.send('Hi')
    await settle()
    wire.event({ type: 'text-delta', text: 'Hel' })
    wire.event({ type: 'text-delta', text: 'lo' })
    await settle()
    const before = session.getSnapshot()
    scheduler.flush()
    const after = session.getSnapshot()
    expect(after).not.toBe(before)
    expect(after.metrics.tokens).toBe(2)
    expect(after.metrics.characters).toBe(5)
    session.dispose()
  })

  it('parses streamed tool arguments per call id and hands the value to the snapshot', async () => {
    const wire = createControlledWire()
    const session = sessionOver(wire)
    void session.send('Hi')
    await settle()
    wire.event({ type: 'tool-call-start', id: 'a', name: 'search' })
    wire.event({ type: 'tool-call-start', id: 'b', name: 'lookup' })
    wire.event({ type: 'tool-call-delta', id: 'a', argsText: '{"q":"c' })
    wire.event({ type: 'tool-call-delta', id: 'b', argsText: '{"n":1' })
    wire.event({ type: 'tool-call-delta', id: 'a', argsText: 'at"}' })
    await settle()
    const parts = session.getSnapshot().messages.at(-1)?.parts ?? []
    const args = parts.map((part) => (part.type === 'tool-call' ? part.args : undefined))
    expect(args).toEqual([{ q: 'cat' }, { n: 1 }])
    session.dispose()
  })
})
