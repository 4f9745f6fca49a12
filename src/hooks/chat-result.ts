import type {
  BranchInfo,
  BranchTarget,
  ChatMessage,
  ChatSession,
  ChatSnapshot,
  ChatStatus,
  ConnectionStatus,
  SendGate,
  SendInput,
  StreamError,
  StreamMetrics,
  ToolDecisionOptions,
  ToolOutcome,
} from '../core/index.js'

/** How a response ended, for `onFinish`. */
export type FinishOutcome = 'complete' | 'cancelled' | 'interrupted' | 'error'

/** What `onFinish` receives once a response settles. */
export interface FinishInfo {
  /** The assistant message the response wrote (with its partial text when it did not complete). */
  message: ChatMessage | undefined
  outcome: FinishOutcome
  /** The response was a continuation after tool results or approvals (docs/tools.md). */
  continuation: boolean
  error: StreamError | undefined
  snapshot: ChatSnapshot
}

/** The chat surface both chat hooks return. */
export interface ChatResult {
  messages: readonly ChatMessage[]
  status: ChatStatus
  error: StreamError | undefined
  connection: ConnectionStatus
  metrics: StreamMetrics
  /** Sends a user message (text or a full message); the send policy applies while a response streams. */
  send: (input: SendInput) => Promise<ChatSnapshot>
  /** Stops the response in flight; keeps its partial text; idempotent. */
  stop: () => void
  /** Resumes a dropped response when the server gave event ids, else asks again. */
  retry: () => Promise<ChatSnapshot>
  /** Asks again for the last answer; the earlier answer stays as a version (`switchBranch`). */
  regenerate: () => Promise<ChatSnapshot>
  /**
   * Edits a user message and asks again from it; the old message and what followed stay as a
   * version. Stops a response in flight (and drops queued sends) first.
   */
  editMessage: (messageId: string, input: SendInput) => Promise<ChatSnapshot>
  /** Shows another version at a fork (an index from 0, 'previous' or 'next'); stops a response in flight first. */
  switchBranch: (messageId: string, target: BranchTarget) => void
  /** The forks on the current path, keyed by the id of the message at each: `{ index, count }`. */
  branches: Readonly<Record<string, BranchInfo>>
  /** Stops and clears the conversation. */
  reset: () => void
  setMessages: ChatSession['setMessages']
  /** Approves a tool call that awaits approval; the continuation follows per docs/tools.md. Never throws. */
  approveToolCall: (id: string, options?: ToolDecisionOptions) => Promise<ChatSnapshot>
  /** Denies a tool call that awaits approval (with an optional reason for the backend). Never throws. */
  denyToolCall: (id: string, options?: ToolDecisionOptions) => Promise<ChatSnapshot>
  /** Gives a running tool call its result (`{result}`) or error (`{error}`): a client-side tool. */
  addToolResult: (id: string, outcome: ToolOutcome) => Promise<ChatSnapshot>
  /** Sends the continuation now (with `autoContinue: false`, or after `stop()`). */
  continueResponse: () => Promise<ChatSnapshot>
  /** The whole snapshot (truncation flags, usage, reconnect info...). */
  snapshot: ChatSnapshot
  /** The underlying session, for useChatSession and useStreamMetrics. */
  session: ChatSession
}

export function finishInfo(snapshot: ChatSnapshot): FinishInfo {
  const message = snapshot.messages.find((candidate) => candidate.id === snapshot.responseMessageId)
  const outcome: FinishOutcome =
    snapshot.status === 'complete'
      ? 'complete'
      : snapshot.status === 'cancelled'
        ? 'cancelled'
        : snapshot.error?.code === 'interrupted'
          ? 'interrupted'
          : 'error'
  return {
    message,
    outcome,
    continuation: (snapshot.continuations ?? 0) > 0,
    error: snapshot.error,
    snapshot,
  }
}

/** The session's methods, bound once per session so they are stable across renders. */
export function chatActions(session: ChatSession, gate: SendGate) {
  return {
    send: (input: SendInput) => gate.send(input),
    stop: () => {
      gate.clear()
      session.stop()
    },
    retry: () => session.retry(),
    regenerate: () => session.regenerate(),
    editMessage: (messageId: string, input: SendInput) => {
      gate.clear()
      return session.editMessage(messageId, input)
    },
    switchBranch: (messageId: string, target: BranchTarget) => {
      gate.clear()
      session.switchBranch(messageId, target)
    },
    reset: () => {
      gate.clear()
      session.reset()
    },
    setMessages: session.setMessages,
    approveToolCall: (id: string, options?: ToolDecisionOptions) => session.approveToolCall(id, options),
    denyToolCall: (id: string, options?: ToolDecisionOptions) => session.denyToolCall(id, options),
    addToolResult: (id: string, outcome: ToolOutcome) => session.addToolResult(id, outcome),
    continueResponse: () => session.continueResponse(),
  }
}

export function chatResult(
  snapshot: ChatSnapshot,
  session: ChatSession,
  actions: ReturnType<typeof chatActions>,
): ChatResult {
  return {
    messages: snapshot.messages,
    status: snapshot.status,
    error: snapshot.error,
    connection: snapshot.connection,
    metrics: snapshot.metrics,
    branches: snapshot.branches,
    snapshot,
    session,
    ...actions,
  }
}
