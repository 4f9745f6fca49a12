// Raw replies of the commands the Redis store sends. Tested with RESP2 (node-redis default); the RESP3 map shapes are read too, untested.
import type { StoredEvent } from './store.js'

export type RedisEntry = [id: string, fields: string[]]

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

/** The stream's last entry (its `finish` or `error`) carries a `last` field next to `d`. */
export function endsStream(entries: RedisEntry[]): boolean {
  const fields = entries.at(-1)?.[1] ?? []
  for (let index = 0; index < fields.length; index += 2) if (fields[index] === 'last') return true
  return false
}

/** Entry ids are `<seq>-0`; reading after `<seq>-1` skips the `0-1` opening entry and every seq up to `seq`. */
export const cursorId = (seq: number) => `${seq}-1`

/** The same position for XRANGE, whose start is inclusive: the first entry after `seq`. */
export const firstIdAfter = (seq: number) => `${seq + 1}-0`
