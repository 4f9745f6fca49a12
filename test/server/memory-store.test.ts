import { createMemoryStore } from '../../src/entries/server.js'
import { createManualTimers } from '../helpers/manual-timers.js'
import { describeResumableStreams } from './resumable-streams.suite.js'

describeResumableStreams('memory', () => createMemoryStore())

describe('createMemoryStore', () => {
  const event = (seq: number) => ({ seq, data: `{"type":"text-delta","text":"${seq}"}` })

  it('keeps a finished stream for ttlMs, then answers expired, then forgets it after tombstoneMs', async () => {
    const timers = createManualTimers()
    const store = createMemoryStore({ timers, tombstoneMs: 10_000 })
    await store.open('chat', 'e1', { ttlMs: 1_000 })
    await store.append('e1', [event(1)])
    await store.finish('e1', event(2))
    const reader = store.reader('e1')

    timers.advance(999)
    expect(await reader.read(0, { waitMs: 0 })).toMatchObject({
      state: 'finished',
      lastSeq: 2,
      events: [event(1), event(2)],
    })
    expect(await store.activeStream('chat')).toEqual({ epoch: 'e1', state: 'finished' })

    timers.advance(1)
    expect(await reader.read(0, { waitMs: 0 })).toMatchObject({
      state: 'expired',
      chatId: 'chat',
      events: [],
    })
    expect(await store.activeStream('chat')).toBeUndefined()

    timers.advance(10_000)
    expect(await reader.read(0, { waitMs: 0 })).toMatchObject({ state: 'unknown', events: [] })
    await store.close()
    expect(timers.pending).toBe(0)
  })

  it('never expires a running stream', async () => {
    const timers = createManualTimers()
    const store = createMemoryStore({ timers })
    await store.open('chat', 'e1', { ttlMs: 1_000 })
    timers.advance(1_000_000)
    expect(await store.reader('e1').read(0, { waitMs: 0 })).toMatchObject({ state: 'running' })
  })

  it('wakes a waiting reader on a new event, and answers empty once the wait ends', async () => {
    const timers = createManualTimers()
    const store = createMemoryStore({ timers })
    await store.open('chat', 'e1', { ttlMs: 1_000 })
    const reader = store.reader('e1')
    const waiting = reader.read(0, { waitMs: 500 })
    await store.append('e1', [event(1)])
    expect((await waiting).events).toEqual([event(1)])

    const idle = reader.read(1, { waitMs: 500 })
    timers.advance(500)
    expect(await idle).toMatchObject({ state: 'running', events: [] })
    expect(timers.pending).toBe(0)
  })

  it('drops the oldest events past maxEvents', async () => {
    const store = createMemoryStore({ maxEvents: 2 })
    await store.open('chat', 'e1', { ttlMs: 1_000 })
    for (const seq of [1, 2, 3]) await store.append('e1', [event(seq)])
    expect((await store.reader('e1').read(0, { waitMs: 0 })).events).toEqual([event(2), event(3)])
  })

  it('expires the finished stream closest to expiry early past maxStreams, never a running one', async () => {
    const timers = createManualTimers()
    const store = createMemoryStore({ timers, maxStreams: 2 })
    await store.open('a', 'e1', { ttlMs: 5_000 })
    await store.open('b', 'e2', { ttlMs: 1_000 })
    await store.finish('e1', event(1))
    await store.open('c', 'e3', { ttlMs: 1_000 })
    expect((await store.reader('e1').read(0, { waitMs: 0 })).state).toBe('expired')
    expect((await store.reader('e2').read(0, { waitMs: 0 })).state).toBe('running')
    await store.open('d', 'e4', { ttlMs: 1_000 })
    expect((await store.reader('e2').read(0, { waitMs: 0 })).state).toBe('running')
  })
})
