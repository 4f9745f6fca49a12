import type { StreamErrorCode } from '../../src/core/index.js'

// A record keyed by every code: a code added to StreamErrorCode fails tsc here until it is listed.
const EVERY_CODE: Record<StreamErrorCode, true> = {
  network: true,
  http: true,
  timeout: true,
  idle_timeout: true,
  protocol: true,
  content_type: true,
  unauthorized: true,
  forbidden: true,
  not_found: true,
  rate_limited: true,
  server: true,
  event_too_large: true,
  buffer_overflow: true,
  queue_overflow: true,
  expired: true,
  interrupted: true,
  aborted: true,
  offline: true,
  streaming_unsupported: true,
  environment: true,
  callback: true,
  bad_event_id: true,
  closed: true,
  busy: true,
  resume_failed: true,
  tool_call: true,
  continuation_limit: true,
  invalid_input: true,
  unknown: true,
}

/** Every StreamErrorCode, in declaration order. */
export const ALL_STREAM_ERROR_CODES = Object.keys(EVERY_CODE) as StreamErrorCode[]
