import { StreamError } from './errors.js'
import type { ChatSession, SendInput } from './session.js'
import type { ChatSnapshot } from './snapshot.js'
import { isSettled } from './status.js'

/**
 * What `send` does while a response is still streaming:
 * - 'interrupt': stop it (keeping its partial text, 'cancelled') and send the new message;
 * - 'queue': send the new message once the current response settles, in order;
 * - 'reject': do not send; report a `busy` StreamError through `onError`.
 */
export type SendPolicy = 'interrupt' | 'queue' | 'reject'

export const DEFAULT_SEND_POLICY: SendPolicy = 'interrupt'

export interface SendGate {
  send(input: SendInput): Promise<ChatSnapshot>
  /** Drops queued messages that have not been sent (stop and reset call it). */
  clear(): void
  /** Messages waiting to be sent. */
  readonly pending: number
}

/** Applies a send policy in front of a session's `send`. */
export function createSendGate(
  session: ChatSession,
  policy: () => SendPolicy,
  onBusy: (error: StreamError) => void,
): SendGate {
  let tail: Promise<unknown> = Promise.resolve()
  let pending = 0
  let generation = 0

  return {
    send(input) {
      const busy = !isSettled(session.getSnapshot().status)
      const mode = policy()
      if (!busy || mode === 'interrupt') {
        generation++
        pending = 0
        const done = session.send(input)
        tail = done
        return done
      }
      if (mode === 'reject') {
        onBusy(new StreamError('busy', 'A response is still streaming; this message was not sent.'))
        return Promise.resolve(session.getSnapshot())
      }
      const queuedIn = generation
      pending++
      // Wait for whatever runs now (the current response settles even if it was started outside the gate).
      const current = new Promise<void>((resolve) => {
        if (isSettled(session.getSnapshot().status)) return resolve()
        const unsubscribe = session.subscribe(() => {
          if (!isSettled(session.getSnapshot().status)) return
          unsubscribe()
          resolve()
        })
      })
      const next = Promise.all([tail, current]).then(() => {
        if (queuedIn !== generation) return session.getSnapshot()
        pending--
        return session.send(input)
      })
      tail = next
      return next
    },
    clear() {
      generation++
      pending = 0
    },
    get pending() {
      return pending
    },
  }
}
