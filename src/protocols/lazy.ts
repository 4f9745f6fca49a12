import type { Protocol } from '../core/index.js'
import { createLoader } from '../core/loader.js'
import type { ProtocolName } from './registry.js'

/**
 * A protocol whose code `load` brings on first `ready()`. `createDecoder` before `ready()` has
 * resolved throws (a session always awaits `ready()` first). A rejected load is forgotten, so the
 * next `ready()` tries again: a chunk that failed on a flaky network may come through later.
 */
export function createLazyProtocol(name: string, load: () => Promise<Protocol>): Protocol {
  const protocol = createLoader(load)
  return {
    name,
    async ready() {
      await protocol.load()
    },
    createDecoder(options) {
      const loaded = protocol.loaded()
      if (loaded === undefined)
        throw new Error(`react-agent-stream: protocol '${name}' is not loaded: await ready() first`)
      return loaded.createDecoder(options)
    },
  }
}

/**
 * The hooks' `protocol` option as a Protocol that costs only what it uses: a Protocol object is
 * returned as is; a built-in name or `undefined` ('auto') loads the registry of every decoder
 * with a dynamic import when a response first needs it (`resolveProtocol` there, so an unknown
 * name still falls back to 'auto' with its development warning).
 */
export function lazyProtocol(nameOrProtocol: ProtocolName | Protocol | (string & {}) | undefined): Protocol {
  if (typeof nameOrProtocol === 'object') return nameOrProtocol
  const name = nameOrProtocol ?? 'auto'
  return createLazyProtocol(name, async () => (await import('./registry.js')).resolveProtocol(name))
}
