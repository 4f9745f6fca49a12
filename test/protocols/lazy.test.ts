import type { Protocol } from '../../src/core/index.js'
import { openAIChatProtocol } from '../../src/protocols/index.js'
import { createLazyProtocol, lazyProtocol } from '../../src/protocols/lazy.js'

const EMPTY_DECODER = { decode: () => [], end: () => [] }

describe('lazyProtocol', () => {
  it('returns a protocol object as is: it costs no registry', () => {
    expect(lazyProtocol(openAIChatProtocol)).toBe(openAIChatProtocol)
  })

  it('decodes with the named built-in once ready', async () => {
    const lazy = lazyProtocol('openai-chat')
    expect(lazy.name).toBe('openai-chat')
    await lazy.ready?.()
    const decoder = lazy.createDecoder()
    expect(decoder.decode({ data: '{"choices":[{"index":0,"delta":{"content":"Hi"}}]}' })).toContainEqual({
      type: 'text-delta',
      text: 'Hi',
    })
  })

  it("is 'auto' when no protocol is given, and reports what it detected", async () => {
    const lazy = lazyProtocol(undefined)
    expect(lazy.name).toBe('auto')
    await lazy.ready?.()
    const detected: string[] = []
    const decoder = lazy.createDecoder({ onDetect: (name) => detected.push(name) })
    decoder.decode({ event: 'message_start', data: '{"type":"message_start","message":{"id":"m1"}}' })
    expect(detected).toEqual(['anthropic'])
  })

  it('falls back to auto with the console error of resolveProtocol for an unknown name', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const lazy = lazyProtocol('openai-chatt')
    await lazy.ready?.()
    expect(error).toHaveBeenCalledWith(expect.stringContaining("unknown protocol 'openai-chatt'"))
    const detected: string[] = []
    lazy
      .createDecoder({ onDetect: (name) => detected.push(name) })
      .decode({ data: '{"type":"text-delta","text":"a"}' })
    expect(detected).toEqual(['agent-events'])
  })
})

describe('createLazyProtocol', () => {
  it('refuses to create a decoder before ready() has loaded it', () => {
    const lazy = createLazyProtocol('later', () => new Promise<Protocol>(() => {}))
    expect(() => lazy.createDecoder()).toThrow("protocol 'later' is not loaded: await ready() first")
  })

  it('loads once for any number of ready() calls', async () => {
    const load = vi.fn(async (): Promise<Protocol> => ({ name: 'x', createDecoder: () => EMPTY_DECODER }))
    const lazy = createLazyProtocol('x', load)
    await Promise.all([lazy.ready?.(), lazy.ready?.()])
    await lazy.ready?.()
    expect(load).toHaveBeenCalledTimes(1)
    expect(lazy.createDecoder()).toBe(EMPTY_DECODER)
  })

  it('tries again after a load that failed', async () => {
    const load = vi
      .fn<() => Promise<Protocol>>()
      .mockRejectedValueOnce(new Error('chunk failed'))
      .mockResolvedValueOnce({ name: 'x', createDecoder: () => EMPTY_DECODER })
    const lazy = createLazyProtocol('x', load)
    await expect(lazy.ready?.()).rejects.toThrow('chunk failed')
    expect(() => lazy.createDecoder()).toThrow('not loaded')
    await lazy.ready?.()
    expect(lazy.createDecoder()).toBe(EMPTY_DECODER)
    expect(load).toHaveBeenCalledTimes(2)
  })
})
