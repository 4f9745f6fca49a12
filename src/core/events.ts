/** Why a response ended. */
export type FinishReason =
  | 'stop'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  | 'error'
  | 'cancelled'
  | 'interrupted'
  | 'other'

/** Token accounting reported by the server, when it reports any. */
export interface Usage {
  inputTokens?: number
  outputTokens?: number
  reasoningTokens?: number
  totalTokens?: number
}

/**
 * The one vocabulary every protocol decodes into. The session reducer is the only consumer that
 * changes state from it; components never see it.
 */
export type AgentEvent =
  /** Opens an assistant message (optional: the first delta opens one too). */
  | { type: 'message-start'; messageId?: string; agent?: string }
  /** Visible answer text. */
  | { type: 'text-delta'; text: string }
  /** Model thinking / reasoning text. */
  | { type: 'reasoning-delta'; text: string }
  /**
   * The reasoning part is finished (its duration is then fixed). `signature` is the provider's
   * proof of the thinking text (Anthropic), needed to send the thinking back on a later turn.
   */
  | { type: 'reasoning-end'; signature?: string }
  /** A tool call opened; its arguments may stream next. */
  | { type: 'tool-call-start'; id: string; name: string }
  /** A fragment of the tool call's JSON argument text. */
  | { type: 'tool-call-delta'; id: string; argsText: string }
  /** The arguments are complete: the tool is now running. `args` when the producer parsed them. */
  | { type: 'tool-call-end'; id: string; args?: unknown }
  /** The tool produced a result. */
  | { type: 'tool-result'; id: string; result: unknown }
  /** The tool failed. */
  | { type: 'tool-error'; id: string; error: string }
  /** The backend waits for a person to approve or deny this tool call before it runs. */
  | { type: 'tool-approval-request'; id: string; approvalId?: string }
  /** The backend reports the tool call as denied (it did not run). */
  | { type: 'tool-denied'; id: string; reason?: string }
  /** Multi-agent: a new agent's turn opens a new assistant message labelled with its name. */
  | { type: 'agent-start'; agent: string; messageId?: string }
  /** Custom named data from the server. `id` replaces an earlier data part with the same id. */
  | {
      type: 'data'
      name: string
      data: unknown
      id?: string
      /** Delivered to callbacks but not kept in the message (AI SDK transient data parts). */
      transient?: boolean
    }
  /** An in-band error reported by the server. */
  | { type: 'error'; message: string; code?: string }
  /** The response is complete. */
  | { type: 'finish'; reason?: FinishReason; usage?: Usage }

export type AgentEventType = AgentEvent['type']

// Every event type once; `satisfies` makes the compiler reject a missing or unknown one.
const EVENT_TYPE_FLAGS = {
  'message-start': true,
  'text-delta': true,
  'reasoning-delta': true,
  'reasoning-end': true,
  'tool-call-start': true,
  'tool-call-delta': true,
  'tool-call-end': true,
  'tool-result': true,
  'tool-error': true,
  'tool-approval-request': true,
  'tool-denied': true,
  'agent-start': true,
  data: true,
  error: true,
  finish: true,
} as const satisfies Record<AgentEventType, true>

/** The type names of the AgentEvent union. */
export const AGENT_EVENT_TYPES: ReadonlySet<AgentEventType> = new Set(
  Object.keys(EVENT_TYPE_FLAGS) as AgentEventType[],
)
