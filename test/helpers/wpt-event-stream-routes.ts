import type { SeenRequest, WireResponse } from './wire-server-handle.js'
import { MIME_CASES, STATUS_CASES, WIRE_CASES } from './wpt-event-stream-cases.js'

/** One scripted path: the answer to its `attempt`-th request (0-based). */
export type WireRoute = (attempt: number, request: SeenRequest) => WireResponse

/** A response that drops after `first`, then answers the reconnect with `then`. */
const dropThen =
  (first: string, then: string): WireRoute =>
  (attempt) =>
    attempt === 0 ? { chunks: [first], ending: 'drop' } : { chunks: [then] }

/** What a drop after `prelude` resumes into; the retry tests read the reconnect delay. */
const retryAfter = (prelude: string) => dropThen(`${prelude}id: 1\ndata: a\n\n`, 'id: 2\ndata: b\n\n')
const resumeAfter = (first: string) => dropThen(first, 'data: resumed\n\n')

export const RETRY_PRELUDES = {
  'retry-valid': 'retry: 0300\n\n',
  'retry-in-event': 'retry: 400\ndata: x\n\n',
  'retry-bogus': 'retry: 300\nretry: 900x\nretry: -5\nretry: 1.5\nretry: ٣٠٠\n\n',
  'retry-bogus-only': 'retry: 900x\n\n',
  'retry-empty': 'retry\nretry:\n\n',
} as const

export const RESUME_FIRSTS = {
  'id-kept': 'id: 41\ndata: a\n\ndata: b\n\n',
  'id-unfinished': 'id: 1\ndata: a\n\nid: 2\ndata: cut',
  'id-only': 'id: 1\ndata: a\n\nid: 2\n\nid: 3\0\ndata: b\n\n',
  'id-reset-empty': 'id: 1\ndata: a\n\nid:\ndata: b\n\n',
  'id-reset-bare': 'id: 1\ndata: a\n\nid\ndata: b\n\n',
  'id-utf8': 'id: 你好-é\ndata: a\n\n',
  'id-control': 'id: a\u0001b\ndata: a\n\ndata: b\n\n',
} as const

/**
 * Every path the WPT event-stream suite requests, by name. Plain data and pure functions, so the
 * same routes serve the in-process server (node, jsdom) and the one browser tests talk to.
 */
export const WPT_ROUTES: Readonly<Record<string, WireRoute>> = {
  ...Object.fromEntries(
    WIRE_CASES.map((wireCase, index) => [`format-${index}`, () => ({ chunks: wireCase.chunks })]),
  ),
  ...Object.fromEntries(
    MIME_CASES.map(({ wpt, contentType }) => [wpt, () => ({ contentType, chunks: ['data: x\n\n'] })]),
  ),
  ...Object.fromEntries(
    STATUS_CASES.map((status) => [`status-${status}`, () => ({ status, chunks: ['id: 1\ndata: x\n\n'] })]),
  ),
  ...Object.fromEntries(Object.entries(RETRY_PRELUDES).map(([name, prelude]) => [name, retryAfter(prelude)])),
  ...Object.fromEntries(Object.entries(RESUME_FIRSTS).map(([name, first]) => [name, resumeAfter(first)])),
}
