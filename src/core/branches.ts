import type { SessionCaps } from './caps.js'
import type { ChatMessage } from './messages.js'

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

export const EMPTY_BRANCH_TREE: BranchTree = Object.freeze({ forks: Object.freeze({}), nextSeq: 0 })
export const NO_BRANCHES: Readonly<Record<string, BranchInfo>> = Object.freeze({})

/** The part of the state the branch model reads and writes. */
export interface BranchedState {
  readonly messages: readonly ChatMessage[]
  readonly branchTree: BranchTree
  readonly branches: Readonly<Record<string, BranchInfo>>
  readonly droppedVersions: number
}

type Forks = Readonly<Record<string, BranchFork>>

function forkKey(messages: readonly ChatMessage[], position: number): string {
  return position === 0 ? ROOT_FORK : (messages[position - 1]?.id ?? ROOT_FORK)
}

/** Where the fork keyed `key` sits on the path (the index of its first message), or -1. */
function forkPosition(messages: readonly ChatMessage[], key: string): number {
  if (key === ROOT_FORK) return 0
  const index = messages.findIndex((message) => message.id === key)
  return index < 0 ? -1 : index + 1
}

/** Splits `forks` into those keyed inside `tail` and the rest. */
function splitForks(forks: Forks, tail: readonly ChatMessage[]): [inside: Forks, outside: Forks] {
  const ids = new Set(tail.map((message) => message.id))
  const inside: Record<string, BranchFork> = {}
  const outside: Record<string, BranchFork> = {}
  for (const [key, fork] of Object.entries(forks)) (ids.has(key) ? inside : outside)[key] = fork
  return [inside, outside]
}

/** The picker view: for each fork on the path, the id of the message at it -> its index and count. */
export function branchesOf(messages: readonly ChatMessage[], tree: BranchTree): Record<string, BranchInfo> {
  const keys = Object.keys(tree.forks)
  if (keys.length === 0) return NO_BRANCHES
  const positions = new Map<string, number>()
  messages.forEach((message, index) => {
    positions.set(message.id, index + 1)
  })
  const branches: Record<string, BranchInfo> = {}
  for (const key of keys) {
    const fork = tree.forks[key] as BranchFork
    const position = key === ROOT_FORK ? 0 : positions.get(key)
    const message = position === undefined ? undefined : messages[position]
    if (message === undefined) continue
    branches[message.id] = { index: fork.versions.indexOf(undefined), count: fork.versions.length }
  }
  return branches
}

/**
 * Sets aside the path from `position` on as a version of the fork there and starts a new, empty
 * version: the path ends before `position`. An empty tail is not worth keeping: nothing changes.
 */
export function forkAt<State extends BranchedState>(
  state: State,
  position: number,
  caps: SessionCaps,
): State {
  const tail = state.messages.slice(position)
  if (tail.length === 0 || position < 0) return state
  const key = forkKey(state.messages, position)
  const [inside, outside] = splitForks(state.branchTree.forks, tail)
  const hidden: HiddenVersion = { messages: tail, forks: inside, seq: state.branchTree.nextSeq }
  const existing = outside[key]
  const versions = existing
    ? [...existing.versions.map((version) => version ?? hidden), undefined]
    : [hidden, undefined]
  const tree: BranchTree = {
    forks: { ...outside, [key]: { versions } },
    nextSeq: state.branchTree.nextSeq + 1,
  }
  return withTree({ ...state, messages: state.messages.slice(0, position) }, capVersions(tree, caps))
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
  if (position < 0) return state
  const key = forkKey(state.messages, position)
  const fork = state.branchTree.forks[key]
  if (fork === undefined) return state
  const active = fork.versions.indexOf(undefined)
  const index = target === 'previous' ? active - 1 : target === 'next' ? active + 1 : target
  const chosen = fork.versions[index]
  if (chosen === undefined) return state
  const tail = state.messages.slice(position)
  const [inside, outside] = splitForks(state.branchTree.forks, tail)
  const hidden: HiddenVersion = { messages: tail, forks: inside, seq: state.branchTree.nextSeq }
  const versions = fork.versions.map((version, at) =>
    at === index ? undefined : at === active ? hidden : version,
  )
  const tree: BranchTree = {
    forks: { ...outside, ...chosen.forks, [key]: { versions } },
    nextSeq: state.branchTree.nextSeq + 1,
  }
  return withTree({ ...state, messages: [...state.messages.slice(0, position), ...chosen.messages] }, tree)
}

/**
 * A response settled with nothing after its fork (it failed or was stopped before its first
 * token): that empty version is dropped, and the version shown before it comes back.
 */
export function dropEmptyVersion<State extends BranchedState>(state: State): State {
  const key = forkKey(state.messages, state.messages.length)
  const fork = state.branchTree.forks[key]
  if (fork === undefined) return state
  let latest = -1
  fork.versions.forEach((version, index) => {
    if (version && (latest < 0 || version.seq > (fork.versions[latest] as HiddenVersion).seq)) latest = index
  })
  const restored = fork.versions[latest]
  if (restored === undefined) return state
  const remaining = fork.versions.flatMap((version, index) =>
    index === latest ? [undefined] : version === undefined ? [] : [version],
  )
  const { [key]: _, ...others } = state.branchTree.forks
  const forks =
    remaining.length > 1
      ? { ...others, ...restored.forks, [key]: { versions: remaining } }
      : { ...others, ...restored.forks }
  const tree: BranchTree = { forks, nextSeq: state.branchTree.nextSeq }
  return withTree({ ...state, messages: [...state.messages, ...restored.messages] }, tree)
}

/**
 * Drops forks that no longer fit the path (their message left it, by `setMessages` or the
 * `maxMessages` cap). `settled`: a fork with nothing after it is dropped too, as no response fills it.
 */
export function pruneForks<State extends BranchedState>(state: State, settled: boolean): State {
  const keys = Object.keys(state.branchTree.forks)
  if (keys.length === 0) return state.branches === NO_BRANCHES ? state : { ...state, branches: NO_BRANCHES }
  const forks: Record<string, BranchFork> = {}
  let dropped = 0
  for (const key of keys) {
    const fork = state.branchTree.forks[key] as BranchFork
    const position = forkPosition(state.messages, key)
    const fits = position >= 0 && (!settled || position < state.messages.length)
    if (fits) forks[key] = fork
    else dropped += countVersions(fork) - 1
  }
  if (dropped === 0 && Object.keys(forks).length === keys.length) return refreshBranches(state)
  return withTree(
    { ...state, droppedVersions: state.droppedVersions + dropped },
    { forks, nextSeq: state.branchTree.nextSeq },
  )
}

function refreshBranches<State extends BranchedState>(state: State): State {
  return { ...state, branches: branchesOf(state.messages, state.branchTree) }
}

function withTree<State extends BranchedState>(state: State, tree: BranchTree | [BranchTree, number]): State {
  const [branchTree, dropped] = Array.isArray(tree) ? tree : [tree, 0]
  return {
    ...state,
    branchTree,
    branches: branchesOf(state.messages, branchTree),
    droppedVersions: state.droppedVersions + dropped,
  }
}

/** Hidden versions under `fork`, nested ones included, plus the one on the path. */
function countVersions(fork: BranchFork): number {
  let count = 0
  for (const version of fork.versions) {
    count++
    if (version) for (const nested of Object.values(version.forks)) count += countVersions(nested) - 1
  }
  return count
}

function hiddenMessages(forks: Forks): number {
  let count = 0
  for (const fork of Object.values(forks)) {
    for (const version of fork.versions) {
      if (version) count += version.messages.length + hiddenMessages(version.forks)
    }
  }
  return count
}

/** Removes the hidden version with the lowest `seq` anywhere in `forks`; returns the versions it took along. */
function dropOldest(forks: Forks): [Forks, number] {
  let oldest: { seq: number; path: string[]; index: number } | undefined
  const visit = (current: Forks, path: string[]) => {
    for (const [key, fork] of Object.entries(current)) {
      fork.versions.forEach((version, index) => {
        if (version === undefined) return
        if (oldest === undefined || version.seq < oldest.seq)
          oldest = { seq: version.seq, path: [...path, key], index }
        visit(version.forks, [...path, key, String(index)])
      })
    }
  }
  visit(forks, [])
  if (oldest === undefined) return [forks, 0]
  return removeAt(forks, oldest.path, oldest.index)
}

function removeAt(forks: Forks, path: readonly string[], index: number): [Forks, number] {
  const [key, versionIndex, ...rest] = path as [string, ...string[]]
  const fork = forks[key] as BranchFork
  if (versionIndex === undefined) {
    const removed = fork.versions[index] as HiddenVersion
    const taken = 1 + Object.values(removed.forks).reduce((sum, nested) => sum + countVersions(nested) - 1, 0)
    const versions = fork.versions.filter((_, at) => at !== index)
    const { [key]: _, ...others } = forks
    // A fork left with one version is no fork.
    return [versions.length > 1 ? { ...others, [key]: { versions } } : others, taken]
  }
  const at = Number(versionIndex)
  const version = fork.versions[at] as HiddenVersion
  const [nested, taken] = removeAt(version.forks, rest, index)
  const versions = fork.versions.map((candidate, position) =>
    position === at ? { ...version, forks: nested } : candidate,
  )
  return [{ ...forks, [key]: { versions } }, taken]
}

/** Applies `maxVersions` (per fork) and `maxHiddenMessages` (all versions off the path), oldest first. */
function capVersions(tree: BranchTree, caps: SessionCaps): [BranchTree, number] {
  let forks: Forks = tree.forks
  let dropped = 0
  for (const [key, fork] of Object.entries(forks)) {
    let versions = fork.versions
    while (versions.length > caps.maxVersions) {
      let oldest = -1
      versions.forEach((version, index) => {
        if (version && (oldest < 0 || version.seq < (versions[oldest] as HiddenVersion).seq)) oldest = index
      })
      dropped += countVersions({ versions: [versions[oldest]] })
      versions = versions.filter((_, index) => index !== oldest)
    }
    if (versions === fork.versions) continue
    const { [key]: _, ...others } = forks
    forks = versions.length > 1 ? { ...others, [key]: { versions } } : others
  }
  while (hiddenMessages(forks) > caps.maxHiddenMessages) {
    const [next, taken] = dropOldest(forks)
    if (taken === 0) break
    forks = next
    dropped += taken
  }
  return [{ forks, nextSeq: tree.nextSeq }, dropped]
}
