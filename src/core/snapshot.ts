import type { BranchInfo, BranchTree } from './branches.js'
import type { StreamError } from './errors.js'
import type { FinishReason, Usage } from './events.js'
import type { ChatMessage } from './messages.js'
import { EMPTY_METRICS, type StreamMetrics } from './metrics.js'
import type { ChatStatus, ConnectionStatus } from './status.js'

/** The next reconnect, while one is scheduled. */
export interface ReconnectInfo {
  attempt: number
  delayMs: number
  /** Epoch ms of the next attempt (for a "reconnecting in N s" countdown). */
  retryAt: number
}

/** Everything a UI needs, immutable; a new object only when something changed. */
export interface ChatSnapshot {
  readonly messages: readonly ChatMessage[]
  readonly status: ChatStatus
  readonly connection: ConnectionStatus
  readonly error: StreamError | undefined
  readonly metrics: StreamMetrics
  /** Id of the assistant message the current response writes into. */
  readonly responseMessageId: string | undefined
  readonly finishReason: FinishReason | undefined
  readonly usage: Usage | undefined
  /** The resume cursor: the id of the last dispatched event. */
  readonly lastEventId: string | undefined
  /** The current or last response can be continued with `resume()`. */
  readonly resumable: boolean
  readonly reconnect: ReconnectInfo | undefined
  /** Some text was cut by a character cap. */
  readonly truncated: boolean
  /** Characters dropped by caps, over the session. */
  readonly droppedCharacters: number
  /** Old messages dropped by `maxMessages`. */
  readonly droppedMessages: number
  /** Events that could not be applied (unknown tool-call ids...) or were dropped by a cap. */
  readonly droppedCount: number
  /** Characters across all messages. */
  readonly totalCharacters: number
  /** Characters in the current response message. */
  readonly responseCharacters: number
  /**
   * Continuation requests sent since the last user message (after tool results or approvals,
   * docs/tools.md). The current response is a continuation when this is above 0. Always set by
   * the session; optional so that snapshots built by hand (stories, tests) stay valid.
   */
  readonly continuations?: number
  /**
   * The versions at each fork of the current path (edits, regenerations), keyed by the id of the
   * message at the fork: `{ index, count }` for a "2 / 3" picker. Messages without versions are absent.
   */
  readonly branches: Readonly<Record<string, BranchInfo>>
  /** Every version off the current path, with their own forks (read `branches` to render). */
  readonly branchTree: BranchTree
  /** Versions dropped by the `maxVersions` and `maxHiddenMessages` caps, or because their message left the path. */
  readonly droppedVersions: number
}

// Here rather than in branches.ts: the hooks build initial snapshots before the engine (which
// brings the branch model) has loaded (docs/design.md, "What loads when").
export const EMPTY_BRANCH_TREE: BranchTree = Object.freeze({ forks: Object.freeze({}), nextSeq: 0 })
export const NO_BRANCHES: Readonly<Record<string, BranchInfo>> = Object.freeze({})

export function initialSnapshot(messages: readonly ChatMessage[] = []): ChatSnapshot {
  return {
    messages,
    status: 'idle',
    connection: 'idle',
    error: undefined,
    metrics: EMPTY_METRICS,
    responseMessageId: undefined,
    finishReason: undefined,
    usage: undefined,
    lastEventId: undefined,
    resumable: false,
    reconnect: undefined,
    truncated: false,
    droppedCharacters: 0,
    droppedMessages: 0,
    droppedCount: 0,
    totalCharacters: countCharacters(messages),
    responseCharacters: 0,
    continuations: 0,
    branches: NO_BRANCHES,
    branchTree: EMPTY_BRANCH_TREE,
    droppedVersions: 0,
  }
}

export function countCharacters(messages: readonly ChatMessage[]): number {
  let total = 0
  for (const message of messages) {
    for (const part of message.parts)
      if (part.type === 'text' || part.type === 'reasoning') total += part.text.length
  }
  return total
}
