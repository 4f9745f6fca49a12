import type { BranchTarget } from './branches.js'
import { pruneForks } from './branches.js'
import type { SessionCaps } from './caps.js'
import type { AgentEvent } from './events.js'
import type { ChatMessage, ToolOutcome } from './messages.js'
import type { StreamMetrics } from './metrics.js'
import { reduceSessionAction } from './reduce-session.js'
import { reduceStreamEvent } from './reduce-stream.js'
import type { SettleOutcome } from './reducer-parts.js'
import type { ChatSnapshot, ReconnectInfo } from './snapshot.js'
import type { ConnectionStatus } from './status.js'

/** Session bookkeeping that is not an agent event. */
export type SessionAction =
  /** A new response starts; `messages` already holds the user's message. */
  | { type: 'session/submit'; messages: readonly ChatMessage[] }
  /** An interrupted response continues from the cursor. */
  | { type: 'session/resume' }
  /** The chat's stream is requested from its start (reload, second tab): nothing shows until it answers. */
  | { type: 'session/follow' }
  /** The followed stream answered: a response is in progress. */
  | { type: 'session/attach' }
  /** A stream read from its first event supersedes the answer shown after the last user message. */
  | { type: 'session/replay' }
  | { type: 'session/connection'; connection: ConnectionStatus; reconnect?: ReconnectInfo | undefined }
  /** Reading stopped but the server goes on (`disconnect()`, a page in the back/forward cache). */
  | { type: 'session/disconnect'; resumable: boolean }
  /** The metrics recorder's latest reading, folded in before each publish. */
  | { type: 'session/metrics'; metrics: StreamMetrics }
  | { type: 'session/cursor'; lastEventId: string | undefined }
  | ({ type: 'session/settle' } & SettleOutcome)
  | { type: 'session/set-messages'; messages: readonly ChatMessage[] }
  | { type: 'session/reset' }
  /** A person approved or denied a tool call that awaited approval. */
  | { type: 'session/tool-decision'; id: string; approved: boolean; reason?: string | undefined }
  /** `onToolCall` took the call: the app runs it in the browser. */
  | { type: 'session/client-tool'; id: string }
  /** A client-side tool finished (`onToolCall` or `addToolResult`). */
  | { type: 'session/tool-outcome'; id: string; outcome: ToolOutcome }
  /** A continuation request starts: it streams into the assistant message `messageId`. */
  | { type: 'session/continue'; messageId: string }
  /** Sets aside the path from `position` on as a version of the fork there (an edit, a regeneration). */
  | { type: 'session/fork'; position: number }
  /** Shows another version at the fork where `messageId` sits (nothing streams: the session stopped it). */
  | { type: 'session/switch-branch'; messageId: string; target: BranchTarget }

/** A tool call's argument fragment with the value parsed so far (the session parses; the reducer stays pure). */
export type ToolCallDeltaAction = Extract<AgentEvent, { type: 'tool-call-delta' }> & { args: unknown }

/** An agent event as the reducer takes it. */
export type StreamAction = Exclude<AgentEvent, { type: 'tool-call-delta' }> | ToolCallDeltaAction

/** Everything the reducer changes state with. */
export type ChatAction = StreamAction | SessionAction

/**
 * Plain values the reducer reads besides state and action: with the same context, `reduce` gives
 * the same result (no clocks, counters or parsers are called from inside).
 */
export interface ReducerContext {
  /** The clock reading for timestamps (tool calls, reasoning durations). */
  readonly now: number
  readonly caps: SessionCaps
  /** The id a message opened by this action gets when the event names none. */
  readonly newMessageId: string
}

/** The one reducer: every state change goes through here. Unknown tool-call ids are counted, not thrown. */
export function reduce(state: ChatSnapshot, action: ChatAction, context: ReducerContext): ChatSnapshot {
  const next = isSessionAction(action)
    ? reduceSessionAction(state, action, context)
    : reduceStreamEvent(state, action, context)
  // Forks are keyed by message ids on the path: check them when the path's shape changed (never per token).
  const reshaped = next.messages.length !== state.messages.length || action.type === 'session/set-messages'
  return next !== state && reshaped ? pruneForks(next, action.type === 'session/set-messages') : next
}

function isSessionAction(action: ChatAction): action is SessionAction {
  return action.type.startsWith('session/')
}
