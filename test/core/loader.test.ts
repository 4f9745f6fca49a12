import { createLoader } from '../../src/core/loader.js'

describe('createLoader', () => {
  it('loads once: calls made during the load join it, later calls get the same value', async () => {
    let calls = 0
    let finish: (value: string) => void = () => {}
    const loader = createLoader(() => {
      calls++
      return new Promise<string>((resolve) => {
        finish = resolve
      })
    })
    const first = loader.load()
    const second = loader.load()
    expect(loader.loaded()).toBeUndefined()
    finish('engine')
    await expect(first).resolves.toBe('engine')
    await expect(second).resolves.toBe('engine')
    expect(loader.loaded()).toBe('engine')
    await expect(loader.load()).resolves.toBe('engine')
    expect(calls).toBe(1)
  })

  it('forgets a failed load, so the next call tries again', async () => {
    const results = [() => Promise.reject(new Error('chunk failed to load')), () => Promise.resolve('engine')]
    let calls = 0
    const loader = createLoader(() => (results[calls++] as () => Promise<string>)())
    await expect(loader.load()).rejects.toThrow('chunk failed to load')
    expect(loader.loaded()).toBeUndefined()
    await expect(loader.load()).resolves.toBe('engine')
    expect(calls).toBe(2)
  })
})
