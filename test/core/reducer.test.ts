import {
  type ChatAction,
  type ChatSnapshot,
  DEFAULT_CAPS,
  EMPTY_METRICS,
  initialSnapshot,
  type ReducerContext,
  reduce,
} from '../../src/core/index.js'

const context: ReducerContext = Object.freeze({ now: 1000, caps: DEFAULT_CAPS, newMessageId: 'assistant-1' })

function run(actions: readonly ChatAction[], start: ChatSnapshot = initialSnapshot()): ChatSnapshot {
  return actions.reduce((state, action) => reduce(state, action, context), start)
}

const streaming: readonly ChatAction[] = [
  { type: 'session/submit', messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Hi' }] }] },
  { type: 'session/connection', connection: 'open' },
  { type: 'text-delta', text: 'Hel' },
  { type: 'session/cursor', lastEventId: '7' },
]

describe('reduce', () => {
  it('is pure: the same state, action and context give equal results, and the input is left as it was', () => {
    const state = run(streaming)
    const frozen = JSON.stringify(state)
    const action: ChatAction = { type: 'tool-call-start', id: 't1', name: 'search' }
    const first = reduce(state, action, context)
    const second = reduce(state, action, context)
    expect(second).toEqual(first)
    expect(JSON.stringify(state)).toBe(frozen)
    expect(first).not.toBe(state)
  })

  it('opens the response message with the id the context carries', () => {
    const state = run(streaming)
    expect(state.responseMessageId).toBe('assistant-1')
    expect(state.messages.map((message) => message.id)).toEqual(['u1', 'assistant-1'])
  })

  it('a disconnect closes the connection, keeps the text and says whether the response can resume', () => {
    const state = run(streaming)
    const next = reduce(state, { type: 'session/disconnect', resumable: true }, context)
    expect(next).not.toBe(state)
    expect(next.connection).toBe('closed')
    expect(next.resumable).toBe(true)
    expect(next.status).toBe('streaming')
    expect(next.messages).toBe(state.messages)
    const again = reduce(next, { type: 'session/disconnect', resumable: true }, context)
    expect(again).toBe(next)
  })

  it('a metrics reading is a new snapshot; the same reading changes nothing', () => {
    const state = run(streaming)
    const metrics = { ...EMPTY_METRICS, tokens: 3, characters: 12 }
    const next = reduce(state, { type: 'session/metrics', metrics }, context)
    expect(next).not.toBe(state)
    expect(next.metrics).toBe(metrics)
    expect(reduce(next, { type: 'session/metrics', metrics }, context)).toBe(next)
  })

  it('keeps the tool arguments the action carries (parsed by the session, not by the reducer)', () => {
    const state = run([
      ...streaming,
      { type: 'tool-call-start', id: 't1', name: 'search' },
      { type: 'tool-call-delta', id: 't1', argsText: '{"q":"ca', args: { q: 'ca' } },
      { type: 'tool-call-delta', id: 't1', argsText: 't"}', args: { q: 'cat' } },
    ])
    const call = state.messages.at(-1)?.parts.find((part) => part.type === 'tool-call')
    expect(call).toMatchObject({ argsText: '{"q":"cat"}', args: { q: 'cat' }, state: 'input-streaming' })
  })
})
