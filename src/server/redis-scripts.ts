// Lua scripts for the Redis store. Each touches only the keys of one stream, which share a hash tag
// (`{epoch}`), so they also run on a Redis Cluster. Scripts make the multi-step changes atomic: a
// follower never sees the last event of a stream whose state still says 'running'.

/** KEYS: events, meta. ARGV: chatId, ttlMs. The `0-1` entry makes the stream exist before its first event. */
export const OPEN_SCRIPT = `
redis.call('DEL', KEYS[1])
redis.call('XADD', KEYS[1], '0-1', 'd', '')
redis.call('HSET', KEYS[2], 'chatId', ARGV[1], 'state', 'running', 'lastSeq', '0', 'ttlMs', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1`

/**
 * KEYS: events, meta. ARGV: maxEvents, then entry id and data of each event, in order. One round
 * trip for a whole batch. Answers 'lost' when the stream is gone (flushed or expired): `NOMKSTREAM`
 * does not recreate it half-empty, and as the script is atomic either every event is stored or none.
 * Otherwise 'cancelled' when someone asked to stop (the producer's flag), else 'ok'.
 */
export const APPEND_SCRIPT = `
for i = 2, #ARGV, 2 do
  if not redis.call('XADD', KEYS[1], 'NOMKSTREAM', 'MAXLEN', '~', ARGV[1], ARGV[i], 'd', ARGV[i + 1]) then return 'lost' end
end
if redis.call('HGET', KEYS[2], 'cancel') == '1' then return 'cancelled' end
return 'ok'`

/**
 * KEYS: events, meta, expired. ARGV: entry id, data, seq, tombstoneMs. The last entry carries a
 * `last` field, so a follower that gets it from a blocking read knows the stream ended without
 * asking the meta hash. Answers `{chatId, ttlMs}` (the chat key, in another slot, is the caller's to
 * expire alongside), or `{}` when the stream is gone (flushed or expired): nothing is recreated
 * then. The tombstone (`expired`, holding the chat
 * id) outlives the events by tombstoneMs, so a late resume is told 'expired', not 'unknown'.
 */
export const FINISH_SCRIPT = `
if redis.call('EXISTS', KEYS[2]) == 0 or redis.call('HGET', KEYS[2], 'state') ~= 'running' then return {} end
redis.call('XADD', KEYS[1], 'NOMKSTREAM', ARGV[1], 'd', ARGV[2], 'last', '1')
redis.call('HSET', KEYS[2], 'state', 'finished', 'lastSeq', ARGV[3])
local ttl = redis.call('HGET', KEYS[2], 'ttlMs')
local chatId = redis.call('HGET', KEYS[2], 'chatId')
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('SET', KEYS[3], chatId, 'PX', tonumber(ttl) + tonumber(ARGV[4]))
return {chatId, ttl}`

/** KEYS: meta. Returns 1 when a running stream was marked cancelled (the caller then publishes). */
export const CANCEL_SCRIPT = `
if redis.call('HGET', KEYS[1], 'state') ~= 'running' then return 0 end
redis.call('HSET', KEYS[1], 'cancel', '1')
return 1`

/** KEYS: events, meta. Keeps a running stream's keys alive while its producer is. */
export const KEEP_ALIVE_SCRIPT = `
if redis.call('HGET', KEYS[2], 'state') ~= 'running' then return 0 end
local ttl = redis.call('HGET', KEYS[2], 'ttlMs')
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
return 1`

/**
 * KEYS: events, meta, expired. ARGV: first entry id to return, count. A follower's whole view in one
 * round trip, read atomically: `{state, chatId, lastSeq, entries}` for a known stream, `{'expired',
 * chatId}` for a tombstone, `{'unknown'}` otherwise.
 */
export const SNAPSHOT_SCRIPT = `
local meta = redis.call('HMGET', KEYS[2], 'state', 'chatId', 'lastSeq')
if not meta[1] then
  local chatId = redis.call('GET', KEYS[3])
  if chatId then return {'expired', chatId} end
  return {'unknown'}
end
return {meta[1], meta[2], meta[3], redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', ARGV[2])}`
