import { defaultTimers } from '../../core/index.js'
import {
  DEFAULT_MOCK_AGENT_OPTIONS,
  type MockAgentContext,
  type MockAgentOptions,
  type MockAgentRequest,
} from './context.js'
import { createMockFetch } from './mock-fetch.js'
import { createMockWebSocketClass, type MockWebSocketConstructor } from './mock-websocket.js'
import { createSeededRandom } from './seeded-random.js'

/** A scripted agent in the browser: plug `fetch` into `createSseTransport`, `WebSocket` into `createWebSocketTransport`. */
export interface MockAgent {
  /** Answers any request with the scripted SSE stream. */
  readonly fetch: typeof globalThis.fetch
  /** A WebSocket class that answers each message with the scripted chunks. */
  readonly WebSocket: MockWebSocketConstructor
  /** The agent's seeded random; pass it to a transport's `random` for a fully repeatable run. */
  readonly random: () => number
  /** The options in effect. */
  readonly options: Readonly<MockAgentOptions>
  /** Changes options for the next streams (Storybook controls). Timers and seed stay. */
  update(options: Partial<MockAgentOptions>): void
  /** Requests the mock fetch saw, in order. */
  readonly requests: readonly MockAgentRequest[]
  /** Messages sent to mock sockets, in order. */
  readonly socketMessages: readonly string[]
  /** Cancel requests (`.../cancel`) and socket cancel messages seen. */
  readonly cancelled: readonly string[]
  /** WebSocket connections that opened. */
  readonly connections: number
  /** SSE bodies and sockets still open. */
  openStreams(): number
  /** Sends a server-initiated message to every open socket. */
  broadcast(data: string): void
  /** Drops every open socket, as a server restart would. @default code 1006 */
  dropConnections(code?: number, reason?: string): void
}

/** The mock agent: the Node server's scenarios and wire formats, with no server (Storybook, browser tests). */
export function createMockAgent(options: MockAgentOptions = {}): MockAgent {
  const context: MockAgentContext = {
    options: { ...options },
    random: createSeededRandom(options.seed ?? DEFAULT_MOCK_AGENT_OPTIONS.seed),
    timers: options.timers ?? defaultTimers(),
    requests: [],
    socketMessages: [],
    cancelled: [],
    streams: new Map(),
    sockets: new Set(),
    counters: { http: 0, streams: 0, handshakes: 0, connections: 0, open: 0, nextStream: 0 },
  }
  return {
    fetch: createMockFetch(context),
    WebSocket: createMockWebSocketClass(context),
    random: context.random,
    get options() {
      return context.options
    },
    update(next) {
      context.options = { ...context.options, ...next }
    },
    requests: context.requests,
    socketMessages: context.socketMessages,
    cancelled: context.cancelled,
    get connections() {
      return context.counters.connections
    },
    openStreams: () => context.counters.open,
    broadcast(data) {
      for (const socket of [...context.sockets]) socket.push(data)
    },
    dropConnections(code = 1006, reason = '') {
      for (const socket of [...context.sockets]) socket.drop(code, reason)
    },
  }
}
