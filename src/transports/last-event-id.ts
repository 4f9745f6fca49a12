/**
 * Whether an event id can go back to the server in a `Last-Event-ID` header, in every runtime: no
 * control character but tab. The Fetch standard forbids only NUL, CR and LF in a header value, but
 * Node's fetch rejects all of these, and a request that always throws would retry forever.
 */
export function canSendLastEventId(id: string): boolean {
  for (let index = 0; index < id.length; index++) {
    const code = id.charCodeAt(index)
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return false
  }
  return true
}

/**
 * The `Last-Event-ID` header value for an event id: its UTF-8 bytes, one character per byte, which
 * is what EventSource sends (spec: "UTF-8 encoded"). Header values are byte strings, so `é` given
 * as is would go out as one Latin-1 byte, and `你` would make fetch throw.
 */
export function encodeLastEventId(id: string): string {
  let ascii = true
  for (let index = 0; index < id.length && ascii; index++) ascii = id.charCodeAt(index) < 0x80
  // ASCII is its own UTF-8: the common case (`<epoch>-<seq>`) skips the encoder.
  if (ascii) return id
  let value = ''
  for (const byte of new TextEncoder().encode(id)) value += String.fromCharCode(byte)
  return value
}
