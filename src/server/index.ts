export { type EventPosition, formatEventId, parseEventId } from './event-id.js'
export { createMemoryStore, DEFAULT_MEMORY_STORE_OPTIONS, type MemoryStoreOptions } from './memory-store.js'
export {
  DEFAULT_NODE_HANDLER_OPTIONS,
  type FetchHandler,
  type NodeHandlerOptions,
  toNodeHandler,
} from './node-handler.js'
export {
  type AgentEventSource,
  type ChatRequestBody,
  DEFAULT_RESUMABLE_STREAMS_OPTIONS,
  type EventProducer,
  type ResumableStreamsOptions,
} from './options.js'
export {
  createRedisStore,
  DEFAULT_REDIS_STORE_OPTIONS,
  type RedisClientLike,
  type RedisStoreConnection,
  type RedisStoreOptions,
} from './redis-store.js'
export { createResumableStreams, type ResumableStreams, type StartOptions } from './resumable-streams.js'
export type {
  AppendOutcome,
  ReadOptions,
  ReadResult,
  ResumableStore,
  StoredEvent,
  StreamReader,
  StreamState,
} from './store.js'
