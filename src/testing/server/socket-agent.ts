// The mock agent's WebSocket endpoint (/ws): one socket's conversation, with the faults its upgrade
// query asked for. The server (mock-agent-server.ts) owns the records tests read and passes them in.
import type { RawData, WebSocket } from 'ws'
import { getScenario } from '../scenarios.js'
import { encodeSocketMessage, type SocketMessage, socketMessagesFor } from '../wire-format.js'
import type { WebSocketFaults } from './faults.js'

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
  readonly streams: Map<string, { messages: SocketMessage[]; cancelled: boolean }>
}

/**
 * Answers `{type:"message"}` (or plain text) with a scenario as `websocket-chunk` messages,
 * `{type:"resume",lastSeq}` with the rest of the last answer, `{type:"cancel"}` by stopping, and
 * `{type:"ping"}` with a pong; `faulty` applies the query's faults to this connection.
 */
export function serveSocket(
  ws: WebSocket,
  faults: WebSocketFaults,
  faulty: boolean,
  agent: SocketAgent,
): void {
  const { wait } = agent
  const delay = faults.delayMs ?? agent.delayMs
  let sent = 0
  let generation = 0
  const withSeq = faults.seq ?? true
  if (faulty && faults.closeAfterOpenMs !== undefined) {
    // A flapping server: accepts, then closes before the connection could count as healthy.
    void wait(faults.closeAfterOpenMs).then(() => {
      if (ws.readyState === ws.OPEN) ws.close(faults.closeCode ?? 1011, faults.closeReason ?? '')
    })
  }
  async function play(messages: readonly SocketMessage[], from: number) {
    const mine = ++generation
    for (let seq = from; seq < messages.length; seq++) {
      if (ws.readyState !== ws.OPEN || mine !== generation || agent.signal.aborted) return
      if (faulty && sent === faults.closeAfterChunks)
        return ws.close(faults.closeCode ?? 1011, faults.closeReason ?? '')
      if (faulty && sent === faults.dropAfterChunks) return ws.terminate()
      if (faulty && sent === faults.stallAfterChunks) return
      ws.send(encodeSocketMessage(messages[seq] as SocketMessage, withSeq ? seq : undefined))
      sent++
      if (delay > 0) await wait(delay)
    }
  }
  ws.on('message', (data: RawData) => {
    const text = data.toString()
    agent.socketMessages.push(text)
    let message: { type?: string; text?: string; lastSeq?: number; scenario?: string } = {}
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
      if (stored === undefined) return ws.send(JSON.stringify({ type: 'done' }))
      return void play(stored.messages, (message.lastSeq ?? -1) + 1)
    }
    if (message.type === 'message' || message.type === undefined) {
      const messages = socketMessagesFor(getScenario(message.scenario ?? agent.defaultScenario).events)
      agent.streams.set(faults.client, { messages, cancelled: false })
      void play(messages, 0)
    }
  })
}
