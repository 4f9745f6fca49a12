import { createChat, createChatCache, immediateScheduler, messageText } from '../../src/core/index.js'
import { plainTextProtocol } from '../../src/protocols/index.js'
import { createIterableTransport } from '../../src/transports/index.js'
import { createManualTimers } from '../helpers/manual-timers.js'

/** A chat over an in-memory wire that answers every send with 'hi'. */
function plainChat(options: { keepAliveMs?: number; timers?: ReturnType<typeof createManualTimers> } = {}) {
  const transport = createIterableTransport(() => ['h', 'i'])
  return createChat({ transport, protocol: plainTextProtocol, scheduler: immediateScheduler, ...options })
}
const microtask = () => new Promise<void>((resolve) => queueMicrotask(resolve))

describe('createChat', () => {
  it('counts holders, and a release called twice counts once', () => {
    const chat = plainChat()
    const first = chat.retain()
    const second = chat.retain()
    expect(chat.holders).toBe(2)
    first()
    first()
    expect(chat.holders).toBe(1)
    second()
    expect(chat.holders).toBe(0)
  })

  it('disposes a microtask after the last release, not when someone retains in between (StrictMode)', async () => {
    const chat = plainChat()
    const release = chat.retain()
    release()
    const again = chat.retain()
    await microtask()
    expect(chat.disposed).toBe(false)
    again()
    expect(chat.disposed).toBe(false)
    await microtask()
    expect(chat.disposed).toBe(true)
  })

  it('keeps a chat nobody holds alive for keepAliveMs, restarting the window on each release', () => {
    const timers = createManualTimers()
    const chat = plainChat({ keepAliveMs: 1000, timers })
    chat.retain()()
    timers.advance(999)
    expect(chat.disposed).toBe(false)
    const held = chat.retain()
    timers.advance(5000)
    expect(chat.disposed).toBe(false)
    held()
    expect(timers.delays()).toEqual([1000])
    timers.advance(999)
    expect(chat.disposed).toBe(false)
    timers.advance(1)
    expect(chat.disposed).toBe(true)
  })

  it('reaches every listener with callbacks, and takes settings from the newest', async () => {
    const chat = plainChat()
    const finished: string[] = []
    const stopFirst = chat.listen({ onFinish: () => finished.push('first'), sendPolicy: 'queue' })
    chat.listen({ onFinish: () => finished.push('second'), sendPolicy: 'reject' })
    const errors: string[] = []
    chat.listen({ onError: (error) => errors.push(error.code) })
    await chat.gate.send('hello')
    expect(finished).toEqual(['first', 'second'])
    expect(
      messageText(chat.session.getSnapshot().messages.at(-1) ?? { id: '', role: 'user', parts: [] }),
    ).toBe('hi')
    stopFirst()
    await chat.gate.send('again')
    expect(finished).toEqual(['first', 'second', 'second'])
    // The newest listener's 'reject' applies while a response runs, and every listener hears 'busy'.
    const running = chat.gate.send('one')
    await chat.gate.send('two')
    expect(errors).toEqual(['busy'])
    await running
  })
})

describe('createChatCache', () => {
  it('hands out one chat per key, and two keys get two chats', () => {
    const cache = createChatCache()
    const a = cache.getOrCreate('a', () => plainChat())
    expect(cache.getOrCreate('a', () => plainChat())).toBe(a)
    const b = cache.getOrCreate('b', () => plainChat())
    expect(b).not.toBe(a)
    expect(cache.get('a')).toBe(a)
    expect(cache.get('missing')).toBeUndefined()
  })

  it('never hands out a disposed chat again', async () => {
    const cache = createChatCache()
    const first = cache.getOrCreate('a', () => plainChat())
    first.retain()()
    await microtask()
    expect(first.disposed).toBe(true)
    expect(cache.get('a')).toBeUndefined()
    const second = cache.getOrCreate('a', () => plainChat())
    expect(second).not.toBe(first)
    expect(second.disposed).toBe(false)
  })

  it('lets two plain callers with the same key share one conversation', async () => {
    const cache = createChatCache()
    const writer = cache.getOrCreate('support', () => plainChat())
    const reader = cache.getOrCreate('support', () => plainChat())
    const releaseWriter = writer.retain()
    const releaseReader = reader.retain()
    await writer.gate.send('hello')
    expect(reader.session.getSnapshot().messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
    ])
    releaseWriter()
    await microtask()
    expect(reader.disposed).toBe(false)
    releaseReader()
    await microtask()
    expect(reader.disposed).toBe(true)
  })
})
