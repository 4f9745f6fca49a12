import { StreamError } from './errors.js'
import type { AgentEvent } from './events.js'
import type { ToolOutcome } from './messages.js'
import type { ChatAction } from './reducer.js'
import { DEFAULT_SESSION_OPTIONS } from './session/types.js'
import type { ChatSnapshot } from './snapshot.js'
import {
  awaitsClient,
  type ClientToolOptions,
  checkToolOutcome,
  currentTurn,
  findTurnToolCall,
  isPromiseLike,
  readyContinuation,
  type ToolContinuation,
  toolCallsOf,
  toolErrorMessage,
} from './tool-calls.js'

/** What the tool coordinator needs from its session. */
export interface ToolHost {
  readonly options: ClientToolOptions
  /** The latest state (maybe not published yet). */
  state(): ChatSnapshot
  dispatch(action: ChatAction): void
  /** Publishes now and returns the published snapshot. */
  flush(): ChatSnapshot
  report(error: StreamError): void
  /** A response is in flight. */
  busy(): boolean
  disposed(): boolean
  /** Sends the continuation request; resolves when it settles. */
  startContinuation(continuation: ToolContinuation): Promise<ChatSnapshot>
}

/** Decision options of `approveToolCall` / `denyToolCall`. */
export interface ToolDecisionOptions {
  /** Why, in the person's words; sent to the backend with the decision. */
  reason?: string
}

/**
 * Client tools, approvals and the continuation rule of a session (docs/tools.md). Every state change
 * is a reducer action; this object only keeps bookkeeping: which calls `onToolCall` saw, whether the
 * client settled a call since the response started, and the signal of running client tools.
 */
export function createToolCoordinator(host: ToolHost) {
  const handled = new Set<string>()
  let tools = new AbortController()
  /** The client settled a tool call (result or decision) since the current response started. */
  let settledOnClient = false

  const idle = () => Promise.resolve(host.flush())

  function refuse(message: string): Promise<ChatSnapshot> {
    host.report(new StreamError('tool_call', message))
    return idle()
  }

  function clientSettled(action: ChatAction): Promise<ChatSnapshot> {
    settledOnClient = true
    host.dispatch(action)
    return maybeContinue()
  }

  function finishClientTool(id: string, outcome: ToolOutcome, signal: AbortSignal) {
    // A result after stop/reset/send, or after the app already called addToolResult, is dropped.
    if (signal.aborted || host.disposed()) return
    const found = findTurnToolCall(host.state().messages, id)
    if (found?.part.state !== 'running') return
    void clientSettled({ type: 'session/tool-outcome', id, outcome })
  }

  function runClientTool(id: string) {
    const onToolCall = host.options.onToolCall
    if (onToolCall === undefined || handled.has(id)) return
    const found = findTurnToolCall(host.state().messages, id)
    if (found?.part.state !== 'running') return
    handled.add(id)
    const signal = tools.signal
    let value: unknown
    try {
      value = onToolCall({ toolCall: found.part, message: found.message, signal })
    } catch (error) {
      return finishClientTool(id, { error: toolErrorMessage(error) }, signal)
    }
    if (value === undefined) return
    if (!isPromiseLike(value)) return finishClientTool(id, { result: value }, signal)
    host.dispatch({ type: 'session/client-tool', id })
    value.then(
      (result) => finishClientTool(id, { result }, signal),
      (error: unknown) => finishClientTool(id, { error: toolErrorMessage(error) }, signal),
    )
  }

  function wantsContinuation(snapshot: ChatSnapshot): boolean {
    const setting = host.options.autoContinue ?? true
    if (typeof setting !== 'function') return setting
    try {
      return setting(snapshot) === true
    } catch (error) {
      host.report(StreamError.from(error, 'callback'))
      return false
    }
  }

  /** The continuation rule: sends one continuation when it holds, else resolves with the snapshot. */
  function maybeContinue(): Promise<ChatSnapshot> {
    const state = host.state()
    if (host.disposed() || host.busy() || !settledOnClient || state.status !== 'complete') return idle()
    const continuation = readyContinuation(state.messages)
    if (continuation === undefined) return idle()
    const snapshot = host.flush()
    if (!wantsContinuation(snapshot)) return idle()
    settledOnClient = false
    const limit = host.options.maxAutoContinuations ?? DEFAULT_SESSION_OPTIONS.maxAutoContinuations
    if ((state.continuations ?? 0) >= limit) {
      const error = new StreamError(
        'continuation_limit',
        `Stopped after ${limit} automatic continuations in a row without a user message (maxAutoContinuations).`,
      )
      host.dispatch({ type: 'session/settle', status: 'error', error, reason: state.finishReason })
      host.report(error)
      return idle()
    }
    return host.startContinuation(continuation)
  }

  return {
    /** After each applied event: a call whose input completed may be a client tool. */
    afterEvent(action: AgentEvent) {
      if (action.type === 'tool-call-end') runClientTool(action.id)
    },
    /** A response settled. */
    settled: maybeContinue,
    decide(id: string, approved: boolean, options: ToolDecisionOptions = {}): Promise<ChatSnapshot> {
      const verb = approved ? 'approveToolCall' : 'denyToolCall'
      if (host.disposed()) return idle()
      const found = findTurnToolCall(host.state().messages, id)
      if (found === undefined) return refuse(`${verb}: no tool call '${id}' in the current turn`)
      const { part } = found
      if (part.state !== 'awaiting-approval' || part.approval?.approved !== undefined)
        return refuse(`${verb}: tool call '${id}' is not awaiting approval (it is ${part.state})`)
      const reason = typeof options.reason === 'string' ? options.reason : undefined
      return clientSettled({ type: 'session/tool-decision', id, approved, reason })
    },
    addResult(id: string, outcome: unknown): Promise<ChatSnapshot> {
      if (host.disposed()) return idle()
      const checked = checkToolOutcome(outcome)
      if (typeof checked === 'string') return refuse(`addToolResult: ${checked}`)
      const found = findTurnToolCall(host.state().messages, id)
      if (found === undefined) return refuse(`addToolResult: no tool call '${id}' in the current turn`)
      if (found.part.state !== 'running')
        return refuse(
          `addToolResult: tool call '${id}' is not waiting for a result (it is ${found.part.state})`,
        )
      return clientSettled({ type: 'session/tool-outcome', id, outcome: checked })
    },
    /** `continueResponse()`: sends the continuation now, whatever `autoContinue` and the cap say. */
    continueNow(): Promise<ChatSnapshot> {
      if (host.disposed() || host.busy()) return idle()
      const continuation = readyContinuation(host.state().messages)
      if (continuation === undefined)
        return refuse('continueResponse: the current turn has no tool calls, or some are still pending')
      settledOnClient = false
      return host.startContinuation(continuation)
    },
    /** A new response starts (send, regenerate, continuation): client results now count for it. */
    responseStarted() {
      settledOnClient = false
    },
    /**
     * Stops waiting: running client tools are aborted (their results dropped) and marked failed.
     * Returns true when the turn was waiting for a person or a client tool.
     */
    abort(reason: string): boolean {
      tools.abort(new StreamError('aborted', reason))
      tools = new AbortController()
      settledOnClient = false
      let waited = false
      for (const part of toolCallsOf(currentTurn(host.state().messages))) {
        if (!awaitsClient(part)) continue
        waited = true
        if (part.runBy === 'client' && part.state === 'running')
          host.dispatch({ type: 'session/tool-outcome', id: part.id, outcome: { error: `Tool ${reason}` } })
      }
      return waited
    },
    reset() {
      handled.clear()
    },
  }
}

export type ToolCoordinator = ReturnType<typeof createToolCoordinator>
