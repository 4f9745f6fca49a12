import type { Protocol } from '../core/index.js'
import { AUTO_CANDIDATES, autoProtocol } from './auto.js'

/** Every built-in protocol, by its `name`. */
export const protocols = {
  auto: autoProtocol,
  ...AUTO_CANDIDATES,
} as const satisfies Readonly<Record<string, Protocol>>

export type ProtocolName = keyof typeof protocols

/**
 * The protocol for an option value: a `Protocol` is returned as is, a built-in name gives that
 * protocol, `undefined` gives `auto`. An unknown name falls back to `auto` after a development-only
 * console.error (it is a typo in app code, and hooks must not throw during render).
 */
export function resolveProtocol(
  nameOrProtocol: ProtocolName | Protocol | (string & {}) | undefined,
): Protocol {
  if (nameOrProtocol === undefined) return autoProtocol
  if (typeof nameOrProtocol !== 'string') return nameOrProtocol
  const found = (protocols as Readonly<Record<string, Protocol>>)[nameOrProtocol]
  if (found) return found
  if (typeof process === 'undefined' || process.env.NODE_ENV !== 'production') {
    console.error(
      `react-agent-stream: unknown protocol '${nameOrProtocol}', using 'auto'. Known: ${Object.keys(protocols).join(', ')}.`,
    )
  }
  return autoProtocol
}
