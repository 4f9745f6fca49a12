import { LostEvents, lostEventsOf, parseStreamPosition, StreamError } from '../../src/core/index.js'
import { createStreamContinuity } from '../../src/transports/stream-continuity.js'

const frame = (id?: string) => ({ data: '{}', ...(id === undefined ? {} : { id }) })

/** The error `run` throws, or undefined. */
function thrown(run: () => unknown): StreamError | undefined {
  try {
    run()
  } catch (error) {
    return error as StreamError
  }
  return undefined
}

describe('event ids <epoch>-<seq>', () => {
  it('reads the contract shape and nothing else', () => {
    expect(parseStreamPosition('aB_9-12')).toEqual({ epoch: 'aB_9', seq: 12 })
    for (const id of ['12', 'a-b', 'a-1-2', '3f2a-b4c1-0000-1111', 'a-', '-1', 'é-1', undefined])
      expect(parseStreamPosition(id)).toBeUndefined()
  })
})

describe('createStreamContinuity', () => {
  it('passes a contract stream read in order, from its first event', () => {
    const continuity = createStreamContinuity(undefined)
    continuity.open({ 'x-stream-id': 'e1' })
    for (const id of ['e1-1', 'e1-2', 'e1-3']) {
      expect(continuity.accept(frame(id))).toBe(true)
      expect(continuity.commit(id)).toBe(true)
    }
  })

  it('drops events up to the cursor when the server replays them, and does not move the cursor back', () => {
    const continuity = createStreamContinuity('e1-2')
    continuity.open({ 'x-stream-id': 'e1' })
    expect(continuity.accept(frame('e1-1'))).toBe(false)
    expect(continuity.commit('e1-1')).toBe(false)
    expect(continuity.accept(frame('e1-2'))).toBe(false)
    expect(continuity.accept(frame('e1-3'))).toBe(true)
    expect(continuity.commit('e1-3')).toBe(true)
  })

  it('throws resume_failed with a gap when an event is missing', () => {
    const continuity = createStreamContinuity('e1-2')
    continuity.open({ 'x-stream-id': 'e1' })
    const error = thrown(() => continuity.accept(frame('e1-4')))
    expect(error?.code).toBe('resume_failed')
    expect(lostEventsOf(error)).toMatchObject({ kind: 'gap', cursor: 'e1-2', received: 'e1-4' })
  })

  it('throws resume_failed when a stream read from its start misses its first events', () => {
    const continuity = createStreamContinuity(undefined)
    continuity.open({ 'x-stream-id': 'e1' })
    expect(lostEventsOf(thrown(() => continuity.accept(frame('e1-5'))))?.kind).toBe('gap')
  })

  it('throws resume_failed with a new epoch when the header or an event names another stream', () => {
    const byHeader = createStreamContinuity('e1-2')
    expect(lostEventsOf(thrown(() => byHeader.open({ 'x-stream-id': 'e2' })))?.kind).toBe('epoch')
    const byEvent = createStreamContinuity(undefined)
    byEvent.open({ 'x-stream-id': 'e1' })
    expect(thrown(() => byEvent.accept(frame('e2-1')))?.cause).toBeInstanceOf(LostEvents)
  })

  it('never fails a server outside the contract (no X-Stream-Id), whatever its ids look like', () => {
    // Raw Redis stream entry ids: the "epoch" changes every millisecond.
    const redis = createStreamContinuity('1700000000000-3')
    redis.open({})
    for (const id of ['1700000000001-0', '1700000000001-1', '1700000000009-0', 'opaque-id', 'x-99']) {
      expect(redis.accept(frame(id))).toBe(true)
      expect(redis.commit(id)).toBe(true)
    }
    expect(redis.accept(frame())).toBe(true)
  })

  it('still drops an exact replay of what it has outside the contract', () => {
    const continuity = createStreamContinuity('s0-3')
    continuity.open({})
    expect(continuity.accept(frame('s0-2'))).toBe(false)
    expect(continuity.accept(frame('s0-4'))).toBe(true)
  })

  it('forgets the cursor when the stream restarts from its start', () => {
    const continuity = createStreamContinuity('e1-7')
    continuity.restart()
    continuity.open({ 'x-stream-id': 'e2' })
    expect(continuity.accept(frame('e2-1'))).toBe(true)
  })
})

it('keeps LostEvents out of other resume_failed errors (a 410)', () => {
  expect(lostEventsOf(new StreamError('resume_failed', 'HTTP 410', { status: 410 }))).toBeUndefined()
})
