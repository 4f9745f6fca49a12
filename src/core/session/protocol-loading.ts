import { StreamError } from '../errors.js'
import type { Protocol } from '../protocol.js'
import type { ProtocolChooser } from './types.js'

/**
 * Waits until `protocol` can create decoders. A load that fails becomes a 'protocol' StreamError
 * (the response ends in the error state; `retry()` calls `ready()` again).
 */
export async function loadProtocol(protocol: Protocol): Promise<void> {
  if (protocol.ready === undefined) return
  try {
    await protocol.ready()
  } catch (cause) {
    throw new StreamError('protocol', `the '${protocol.name}' protocol could not be loaded`, { cause })
  }
}

/**
 * Starts loading a protocol that arrives on demand as soon as a session exists, so the first
 * response rarely waits for it. A failure here is ignored: the response that needs the protocol
 * loads it again and reports it.
 */
export function preloadProtocol(protocol: Protocol | ProtocolChooser): void {
  if (typeof protocol === 'function' || protocol.ready === undefined) return
  protocol.ready().catch(() => {})
}
