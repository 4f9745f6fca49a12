import type { StreamError, StreamErrorCode } from './errors.js'

// Every code has its sentence: a new code does not type-check until it gets one.
const MESSAGES: Record<StreamErrorCode, string> = {
  network: 'The connection to the server was lost.',
  http: 'The server answered with an error.',
  timeout: 'The server took too long to answer.',
  idle_timeout: 'The stream went silent.',
  protocol: 'The server sent something this app cannot read.',
  content_type: 'The server did not answer with a stream.',
  unauthorized: 'You are not signed in, or your session expired.',
  forbidden: 'You are not allowed to do that.',
  not_found: 'The chat endpoint was not found.',
  rate_limited: 'Too many requests: wait a moment and try again.',
  server: 'The server had a problem.',
  event_too_large: 'The server sent a message that is too large.',
  buffer_overflow: 'The answer grew past the size this app keeps.',
  queue_overflow: 'Too many messages are waiting to be sent.',
  interrupted: 'The answer was interrupted before it finished.',
  offline: 'You are offline.',
  streaming_unsupported: 'This browser cannot read streamed answers.',
  expired: 'A message waited too long to be sent and was dropped.',
  aborted: 'The request was stopped.',
  environment: 'This page cannot open the connection here.',
  callback: 'The app failed while handling the answer.',
  bad_event_id: 'The server sent a stream position this app cannot use.',
  closed: 'The connection is closed.',
  busy: 'An answer is still streaming: wait for it or stop it first.',
  resume_failed: 'The connection dropped and the server could no longer continue the answer.',
  tool_call: 'That tool call cannot take this action now.',
  continuation_limit: 'The agent kept asking for tools, so it was stopped: send a message to go on.',
  invalid_input: 'That message cannot be changed here.',
  unknown: 'Something went wrong.',
}

/**
 * A sentence a person can act on, for each stable error code (the one place errors become user text;
 * `errorMessage` gives a developer the thrown value's own message).
 */
export function describeError(error: Pick<StreamError, 'code' | 'message' | 'status'>): string {
  const text = MESSAGES[error.code] ?? MESSAGES.unknown
  return error.status ? `${text} (HTTP ${error.status})` : text
}
