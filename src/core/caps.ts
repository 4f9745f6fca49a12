/** Bounds on what a session keeps. Hitting one is reported in the snapshot, never silent. */
export interface SessionCaps {
  /** Characters kept per message; later text is dropped and the message marked truncated. @default 2000000 */
  maxMessageChars: number
  /** Characters kept across all messages. @default 8000000 */
  maxTotalChars: number
  /** Messages kept; the oldest are dropped first. @default 500 */
  maxMessages: number
  /** Versions kept at one fork (edits and regenerations); the least recently shown is dropped first. @default 20 */
  maxVersions: number
  /** Messages kept in versions off the current path, over all forks; the least recently shown go first. @default 1000 */
  maxHiddenMessages: number
  /** Events reduced before a notification is forced, even mid-frame. @default 10000 */
  maxEventsPerRender: number
}

export const DEFAULT_CAPS: Readonly<SessionCaps> = Object.freeze({
  maxMessageChars: 2_000_000,
  maxTotalChars: 8_000_000,
  maxMessages: 500,
  maxVersions: 20,
  maxHiddenMessages: 1000,
  maxEventsPerRender: 10_000,
})
