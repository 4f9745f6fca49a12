// Raw replies of the commands the Redis store sends. Tested with RESP2 (node-redis default); the RESP3 map shapes are read too, untested.
import type { StoredEvent } from './store.js'

type RedisEntry = [id: string, fields: string[]]

/** XREAD answers `[[key, entries]]` in RESP2; a RESP3 client answers a map. */
export function entriesOf(reply: unknown): RedisEntry[] {
  if (reply === null || reply === undefined) return []
  if (Array.isArray(reply)) return (reply[0]?.[1] as RedisEntry[] | undefined) ?? []
  if (reply instanceof Map) return ([...reply.values()][0] as RedisEntry[] | undefined) ?? []
  return (Object.values(reply as object)[0] as RedisEntry[] | undefined) ?? []
}

export function toEvents(entries: RedisEntry[]): StoredEvent[] {
  return entries.map(([id, fields]) => ({
    seq: Number(id.slice(0, id.indexOf('-'))),
    data: fields[fields.indexOf('d') + 1] ?? '',
  }))
}

/** HGETALL answers a flat `[field, value, ...]` list in RESP2 and a map in RESP3. */
export function hashOf(reply: unknown): Record<string, string> {
  if (Array.isArray(reply)) {
    const hash: Record<string, string> = {}
    for (let index = 0; index + 1 < reply.length; index += 2)
      hash[String(reply[index])] = String(reply[index + 1])
    return hash
  }
  if (reply instanceof Map) return Object.fromEntries(reply) as Record<string, string>
  return (reply ?? {}) as Record<string, string>
}

/** Entry ids are `<seq>-0`; reading after `<seq>-1` skips the `0-1` opening entry and every seq up to `seq`. */
export const cursorId = (seq: number) => `${seq}-1`
