import type { StreamErrorCode } from '../core/index.js'

/** What to do after a WebSocket closed. */
export interface ClosePolicy {
  /** Reconnect (with backoff) or stop. */
  reconnect: boolean
  /** Multiplies the backoff base (1013 "try again later" waits longer). */
  delayFactor: number
  /** The error code when the close ends the response. */
  code: StreamErrorCode
}

/**
 * RFC 6455 + IANA + Centrifugo bands (docs/reliability.md, scenarios 50-53): 1000 is a normal end;
 * 1002/1003/1007/1008/1009/1010/1015, 3000/3003 and 4500-4999 are final; everything else, including
 * 1006 (which is also how a rejected handshake looks), reconnects. A JSON reason
 * `{"reconnect": false}` wins.
 */
export function classifyCloseCode(code: number, reason = ''): ClosePolicy {
  let override: boolean | undefined
  if (reason.startsWith('{')) {
    try {
      const parsed = JSON.parse(reason) as { reconnect?: unknown }
      if (typeof parsed.reconnect === 'boolean') override = parsed.reconnect
    } catch {
      // A reason that is not JSON is just text.
    }
  }
  let policy: ClosePolicy
  if (code === 1000) policy = { reconnect: false, delayFactor: 1, code: 'closed' }
  else if ([1002, 1003, 1007, 1008, 1010, 1015].includes(code))
    policy = { reconnect: false, delayFactor: 1, code: 'protocol' }
  else if (code === 1009) policy = { reconnect: false, delayFactor: 1, code: 'event_too_large' }
  else if (code === 3000) policy = { reconnect: false, delayFactor: 1, code: 'unauthorized' }
  else if (code === 3003) policy = { reconnect: false, delayFactor: 1, code: 'forbidden' }
  else if (code >= 4500 && code <= 4999) policy = { reconnect: false, delayFactor: 1, code: 'closed' }
  else if (code === 1013) policy = { reconnect: true, delayFactor: 4, code: 'server' }
  else
    policy = { reconnect: true, delayFactor: 1, code: code === 1006 || code === 1005 ? 'network' : 'server' }
  return override === undefined ? policy : { ...policy, reconnect: override }
}
