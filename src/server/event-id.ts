/** A stream position from `Last-Event-ID: <epoch>-<seq>`. */
export interface EventPosition {
  epoch: string
  seq: number
}

const EVENT_ID = /^([A-Za-z0-9_]+)-(\d{1,15})$/
const EPOCH_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** The id of event `seq` of stream `epoch`. */
export function formatEventId(epoch: string, seq: number): string {
  return `${epoch}-${seq}`
}

/** Reads `<epoch>-<seq>`; undefined when the id has another shape. */
export function parseEventId(value: string): EventPosition | undefined {
  const match = EVENT_ID.exec(value.trim())
  if (match === null) return undefined
  return { epoch: match[1] as string, seq: Number(match[2]) }
}

/** Whether `epoch` may name a stream: `[A-Za-z0-9_]+`, so `<epoch>-<seq>` splits at its last dash. */
export function isValidEpoch(epoch: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(epoch)
}

/** A random 16-character epoch from Web Crypto (present in Node 20 and every edge runtime). */
export function randomEpoch(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  let epoch = ''
  for (const byte of bytes) epoch += EPOCH_ALPHABET[byte % EPOCH_ALPHABET.length]
  return epoch
}
