import type { SessionCaps } from './caps.js'
import type { ChatMessage } from './messages.js'
import { NO_BRANCHES } from './snapshot.js'

/*
 * The branch model. `messages` is always the current path. Each fork on it is keyed by the id of the
 * message just before it (ROOT before the first message) and lists its versions: the one on the
 * path is `undefined` (its messages are the path's tail), the others are set aside with the forks
 * nested inside them, so switching back restores that version exactly as it was left.
 */

/** The key of a fork before the first message. */
export const ROOT_FORK = ''

/** A version set aside at a fork: the messages from the fork to the end, and the forks inside them. */
export interface HiddenVersion {
  readonly messages: readonly ChatMessage[]
  readonly forks: Readonly<Record<string, BranchFork>>
  /** When it was set aside (least recently seen versions are dropped first by the caps). */
  readonly seq: number
}

/** The versions at one fork; `undefined` marks the version on the current path. */
export interface BranchFork {
  readonly versions: readonly (HiddenVersion | undefined)[]
}

/** Every kept version: the forks on the current path, keyed by the id of the message before each. */
export interface BranchTree {
  readonly forks: Readonly<Record<string, BranchFork>>
  /** The next `seq`. */
  readonly nextSeq: number
}

/** Where the current path stands at a fork, for a version picker. */
export interface BranchInfo {
  /** The version shown, from 0. */
  readonly index: number
  /** Versions at this fork (2 or more). */
  readonly count: number
}

/** Which version `switchBranch` shows: an index from 0, or one step. */
export type BranchTarget = number | 'previous' | 'next'

/** The part of the state the branch model reads and writes. */
export interface BranchedState {
  readonly messages: readonly ChatMessage[]
  readonly branchTree: BranchTree
  readonly branches: Readonly<Record<string, BranchInfo>>
  readonly droppedVersions: number
}

type Forks = Readonly<Record<string, BranchFork>>

function forkKey(messages: readonly ChatMessage[], position: number): string {
  return position > 0 ? (messages[position - 1] as ChatMessage).id : ROOT_FORK
}

/** Every version set aside in `forks`, nested ones included. */
function hiddenVersions(forks: Forks): HiddenVersion[] {
  return Object.values(forks).flatMap((fork) =>
    fork.versions.flatMap((version) => (version ? [version, ...hiddenVersions(version.forks)] : [])),
  )
}

/** Keeps the versions `keep` accepts (with what they hold); a fork left with one version is no fork. */
function filterForks(forks: Forks, keep: (version: HiddenVersion) => boolean): Forks {
  const kept: Record<string, BranchFork> = {}
  for (const [key, fork] of Object.entries(forks)) {
    const versions = fork.versions.flatMap((version) =>
      version === undefined
        ? [version]
        : keep(version)
          ? [{ ...version, forks: filterForks(version.forks, keep) }]
          : [],
    )
    if (versions.length > 1) kept[key] = { versions }
  }
  return kept
}

/** The picker view: for each fork on the path, the id of the message at it -> its index and count. */
export function branchesOf(messages: readonly ChatMessage[], tree: BranchTree): Record<string, BranchInfo> {
  if (Object.keys(tree.forks).length === 0) return NO_BRANCHES
  const branches: Record<string, BranchInfo> = {}
  messages.forEach((message, position) => {
    const fork = tree.forks[forkKey(messages, position)]
    if (fork) branches[message.id] = { index: fork.versions.indexOf(undefined), count: fork.versions.length }
  })
  return branches
}

/** The new path and forks; `added` (net) versions were set aside, so any other shrinkage was dropped. */
function commit<State extends BranchedState>(
  state: State,
  messages: readonly ChatMessage[],
  forks: Forks,
  added: number,
): State {
  const branchTree = { forks, nextSeq: state.branchTree.nextSeq + 1 }
  const dropped = hiddenVersions(state.branchTree.forks).length + added - hiddenVersions(forks).length
  return {
    ...state,
    messages,
    branchTree,
    branches: branchesOf(messages, branchTree),
    droppedVersions: state.droppedVersions + dropped,
  }
}

/** Sets aside the path from `position` on (with the forks inside it); the rest of the forks stay on the path. */
function setAside(state: BranchedState, position: number): [HiddenVersion, Forks] {
  const tail = state.messages.slice(position)
  const ids = new Set(tail.map((message) => message.id))
  const inside: Record<string, BranchFork> = {}
  const outside: Record<string, BranchFork> = {}
  for (const [key, fork] of Object.entries(state.branchTree.forks))
    (ids.has(key) ? inside : outside)[key] = fork
  return [{ messages: tail, forks: inside, seq: state.branchTree.nextSeq }, outside]
}

const oldestFirst = (a: HiddenVersion, b: HiddenVersion) => a.seq - b.seq

/**
 * Sets aside the path from `position` on as a version of the fork there and starts a new, empty
 * version: the path ends before `position`. An empty tail is not worth keeping: nothing changes.
 * Caps: `maxVersions` per fork and `maxHiddenMessages` over all, least recently shown dropped first.
 */
export function forkAt<State extends BranchedState>(
  state: State,
  position: number,
  caps: SessionCaps,
): State {
  if (position < 0 || position >= state.messages.length) return state
  const key = forkKey(state.messages, position)
  const [hidden, outside] = setAside(state, position)
  const versions = [...(outside[key]?.versions.map((version) => version ?? hidden) ?? [hidden]), undefined]
  const excess = new Set(
    versions
      .filter((version) => version !== undefined)
      .sort(oldestFirst)
      .slice(0, Math.max(0, versions.length - caps.maxVersions)),
  )
  let forks = filterForks({ ...outside, [key]: { versions } }, (version) => !excess.has(version))
  let total = 0
  for (const version of hiddenVersions(forks).sort(oldestFirst).reverse()) {
    total += version.messages.length
    if (total <= caps.maxHiddenMessages) continue
    // Nested versions were set aside before the version holding them: older seq, dropped with it.
    forks = filterForks(forks, (candidate) => candidate.seq > version.seq)
    break
  }
  return commit(state, state.messages.slice(0, position), forks, 1)
}

/**
 * Shows another version at the fork where `messageId` sits: the path's tail from there is set aside
 * (with its nested forks) and the chosen version's own tail and forks come back. Unknown ids and
 * indexes out of range change nothing.
 */
export function switchBranch<State extends BranchedState>(
  state: State,
  messageId: string,
  target: BranchTarget,
): State {
  const position = state.messages.findIndex((message) => message.id === messageId)
  const key = forkKey(state.messages, position)
  const fork = position < 0 ? undefined : state.branchTree.forks[key]
  if (fork === undefined) return state
  const active = fork.versions.indexOf(undefined)
  const index = target === 'previous' ? active - 1 : target === 'next' ? active + 1 : target
  const chosen = fork.versions[index]
  if (chosen === undefined) return state
  const [hidden, outside] = setAside(state, position)
  const versions = fork.versions.map((version, at) =>
    at === index ? undefined : at === active ? hidden : version,
  )
  const forks = { ...outside, ...chosen.forks, [key]: { versions } }
  return commit(state, [...state.messages.slice(0, position), ...chosen.messages], forks, 0)
}

/**
 * A response settled with nothing after its fork (it failed or was stopped before its first
 * token): that empty version is dropped, and the version shown before it comes back.
 */
export function dropEmptyVersion<State extends BranchedState>(state: State): State {
  const key = forkKey(state.messages, state.messages.length)
  const fork = state.branchTree.forks[key]
  const restored = fork?.versions
    .filter((version) => version !== undefined)
    .sort(oldestFirst)
    .at(-1)
  if (fork === undefined || restored === undefined) return state
  const versions = fork.versions.flatMap((version) =>
    version === restored ? [undefined] : version === undefined ? [] : [version],
  )
  const { [key]: _, ...others } = state.branchTree.forks
  const forks =
    versions.length > 1
      ? { ...others, ...restored.forks, [key]: { versions } }
      : { ...others, ...restored.forks }
  return commit(state, [...state.messages, ...restored.messages], forks, -1)
}

/**
 * Drops forks that no longer fit the path (their message left it, by `setMessages` or the
 * `maxMessages` cap). `settled`: a fork with nothing after it is dropped too, as no response fills it.
 */
export function pruneForks<State extends BranchedState>(state: State, settled: boolean): State {
  const forks: Record<string, BranchFork> = {}
  const positions = new Map(state.messages.map((message, index) => [message.id, index + 1]))
  positions.set(ROOT_FORK, 0)
  for (const [key, fork] of Object.entries(state.branchTree.forks)) {
    const position = positions.get(key) ?? -1
    if (position >= 0 && (!settled || position < state.messages.length)) forks[key] = fork
  }
  return commit(state, state.messages, forks, 0)
}
