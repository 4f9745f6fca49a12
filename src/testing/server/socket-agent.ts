// The mock agent's WebSocket endpoint (/ws): one socket's conversation, with the faults its upgrade
// query asked for. The server (mock-agent-server.ts) owns the records tests read and passes them in.
import type { RawData, WebSocket } from 'ws'
import type { AgentEvent, WireToolCall } from '../../core/index.js'
import { getScenario, type Scenario } from '../scenarios.js'
import { type SocketMessage, socketMessagesFor } from '../wire-format.js'
import type { SocketFormat, WebSocketFaults } from './faults.js'

/** One message the endpoint sends, before its sequence number. */
type Outgoing = SocketMessage | AgentEvent

/** The last answer of a client: its messages (for a resume) and scenario (for a continuation). */
export interface SocketAnswer {
  readonly messages: readonly Outgoing[]
  readonly scenario: Scenario
}

/** What a socket shares with the server: its settings, its shutdown and the records tests read. */
export interface SocketAgent {
  /** Delay between messages, unless the upgrade query sets `delayMs`. */
  readonly delayMs: number
  /** The scenario of a message that names none. */
  readonly defaultScenario: string
  /** Aborted when the server closes. */
  readonly signal: AbortSignal
  /** Waits `ms`, or less when the server closes. */
  wait(ms: number): Promise<void>
  /** Every message received, in arrival order. */
  readonly socketMessages: string[]
  /** Clients that sent a cancel message. */
  readonly cancelled: string[]
  /** The last answer per client, for a resume on its next socket. */
  readonly streams: Map<string, SocketAnswer>
}

function messagesIn(format: SocketFormat, events: readonly AgentEvent[]): readonly Outgoing[] {
  return format === 'agent-events' ? events : socketMessagesFor(events)
}

/**
 * Answers `{type:"message"}` (or plain text) with a scenario, as `websocket-chunk` messages or (with
 * `format=agent-events`) agent events; `{type:"continue",toolCalls}` with the last scenario's
 * continuation (docs/tools.md); `{type:"resume",lastSeq}` with the rest of the last answer;
 * `{type:"cancel"}` by stopping; `{type:"ping"}` with a pong. `faulty` applies the query's faults.
 */
export function serveSocket(
  ws: WebSocket,
  faults: WebSocketFaults,
  faulty: boolean,
  agent: SocketAgent,
): void {
  const { wait } = agent
  const defaultScenario = faults.scenario ?? agent.defaultScenario
  const delay = faults.delayMs ?? agent.delayMs
  let sent = 0
  let generation = 0
  const withSeq = faults.seq ?? true
  const format = faults.format ?? 'websocket-chunk'
  if (faulty && faults.closeAfterOpenMs !== undefined) {
    // A flapping server: accepts, then closes before the connection could count as healthy.
    void wait(faults.closeAfterOpenMs).then(() => {
      if (ws.readyState === ws.OPEN) ws.close(faults.closeCode ?? 1011, faults.closeReason ?? '')
    })
  }
  function answer(scenario: Scenario, events: readonly AgentEvent[]) {
    const messages = messagesIn(format, events)
    agent.streams.set(faults.client, { messages, scenario })
    void play(messages, 0)
  }
  async function play(messages: readonly Outgoing[], from: number) {
    const mine = ++generation
    for (let seq = from; seq < messages.length; seq++) {
      if (ws.readyState !== ws.OPEN || mine !== generation || agent.signal.aborted) return
      if (faulty && sent === faults.closeAfterChunks)
        return ws.close(faults.closeCode ?? 1011, faults.closeReason ?? '')
      if (faulty && sent === faults.dropAfterChunks) return ws.terminate()
      if (faulty && sent === faults.stallAfterChunks) return
      const message = messages[seq] as Outgoing
      ws.send(JSON.stringify(withSeq ? { ...message, seq } : message))
      sent++
      if (delay > 0) await wait(delay)
    }
  }
  ws.on('message', (data: RawData) => {
    const text = data.toString()
    agent.socketMessages.push(text)
    let message: {
      type?: string
      text?: string
      lastSeq?: number
      scenario?: string
      toolCalls?: WireToolCall[]
    } = {}
    try {
      const parsed: unknown = JSON.parse(text)
      if (parsed !== null && typeof parsed === 'object') message = parsed as typeof message
    } catch {
      message = { type: 'message', text }
    }
    if (message.type === 'ping') return ws.send(JSON.stringify({ type: 'pong' }))
    if (message.type === 'cancel') {
      generation++
      agent.cancelled.push(faults.client)
      return
    }
    if (message.type === 'resume') {
      const stored = agent.streams.get(faults.client)
      // Nothing to resume: the answer is over.
      const end = format === 'agent-events' ? { type: 'finish', reason: 'stop' } : { type: 'done' }
      if (stored === undefined) return ws.send(JSON.stringify(end))
      return void play(stored.messages, (message.lastSeq ?? -1) + 1)
    }
    if (message.type === 'continue') {
      const scenario = agent.streams.get(faults.client)?.scenario ?? getScenario(defaultScenario)
      const toolCalls = Array.isArray(message.toolCalls) ? message.toolCalls : []
      return answer(scenario, scenario.continue?.(toolCalls) ?? scenario.events)
    }
    if (message.type === 'message' || message.type === undefined) {
      const scenario = getScenario(message.scenario ?? defaultScenario)
      answer(scenario, scenario.events)
    }
  })
}
