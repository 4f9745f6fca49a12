/**
 * The wire-format facts of the web-platform-tests `eventsource/format-*` files, restated as data:
 * the bytes a server sends and what a conforming reader makes of them. The inputs are written
 * here, not copied; each names the WPT file whose rule it checks. Every body ends cleanly.
 */
export interface WireCase {
  /** The WPT file the rule comes from. */
  wpt: string
  /** What the case shows, as a test name. */
  rule: string
  chunks: readonly (string | Uint8Array)[]
  /** Dispatched events: data and, when not 'message', the type. */
  events: readonly { data: string; event?: string }[]
  /** The cursor after the body: the last committed id, or undefined (none, or reset). */
  cursor?: string | undefined
}

const bytes = (...values: number[]) => new Uint8Array(values)
const longComment = `:${'x'.repeat(3000)}`

export const WIRE_CASES: readonly WireCase[] = [
  {
    wpt: 'format-bom',
    rule: 'strips the one leading BOM, and a BOM later in the stream makes its line an unknown field',
    chunks: ['\uFEFFdata: first\n\n\uFEFFdata: hidden\n\ndata: third\n\n'],
    events: [{ data: 'first' }, { data: 'third' }],
  },
  {
    wpt: 'format-bom-2',
    rule: 'strips only the first of two leading BOMs, so the first event is lost',
    chunks: [bytes(0xef, 0xbb, 0xbf, 0xef, 0xbb), bytes(0xbf), 'data: lost\n\ndata: kept\n\n'],
    events: [{ data: 'kept' }],
  },
  {
    wpt: 'format-comments',
    rule: 'ignores comment lines of any length, with NULs, between the data lines of one event',
    chunks: [
      `data:one\r:\0\n:\r\ndata:two\n${longComment}\rdata:three\n:data:no\r${longComment}\ndata:four\n\n`,
    ],
    events: [{ data: 'one\ntwo\nthree\nfour' }],
  },
  {
    wpt: 'format-data-before-final-empty-line',
    rule: 'discards an event the body ends in the middle of, and its id never becomes the cursor',
    chunks: ['retry:1000\ndata:first\n\nid:unfinished\ndata:second'],
    events: [{ data: 'first' }],
    cursor: undefined,
  },
  {
    wpt: 'format-field-data',
    rule: 'dispatches an empty data line as an empty message and two bare data lines as one line feed',
    chunks: ['data:\n\ndata\ndata\n\ndata:last\n\n'],
    events: [{ data: '' }, { data: '\n' }, { data: 'last' }],
  },
  {
    wpt: 'format-field-event',
    rule: 'gives an event its type and the next one the default type',
    chunks: ['event:custom\ndata:x\n\ndata:y\n\n'],
    events: [{ data: 'x', event: 'custom' }, { data: 'y' }],
  },
  {
    wpt: 'format-field-event-empty',
    rule: 'treats an empty event type as message',
    chunks: ['event: \ndata:typed as message\n\n'],
    events: [{ data: 'typed as message' }],
  },
  {
    wpt: 'format-field-id',
    rule: 'commits an id with its event',
    chunks: ['id: 1\ndata: one\n\n'],
    events: [{ data: 'one' }],
    cursor: '1',
  },
  {
    wpt: 'format-field-id-2',
    rule: 'keeps the id across later events that have none',
    chunks: ['id: 7\ndata: a\n\ndata: b\n\ndata: c\n\n'],
    events: [{ data: 'a' }, { data: 'b' }, { data: 'c' }],
    cursor: '7',
  },
  {
    wpt: 'format-field-id-3',
    rule: 'resets the cursor on an id line without a colon',
    chunks: ['id: 7\ndata: a\n\nid\ndata: b\n\n'],
    events: [{ data: 'a' }, { data: 'b' }],
    cursor: undefined,
  },
  {
    wpt: 'format-field-id (empty)',
    rule: 'resets the cursor on an empty id',
    chunks: ['id: 7\ndata: a\n\nid:\ndata: b\n\n'],
    events: [{ data: 'a' }, { data: 'b' }],
    cursor: undefined,
  },
  {
    wpt: 'format-field-id-null',
    rule: 'ignores an id with U+0000 anywhere in it and keeps the previous one',
    chunks: [
      'id: good\ndata: a\n\nid: \0bad\ndata: b\n\nid: bad\0\ndata: c\n\nid: b\0ad\ndata: d\n\nid: \0\ndata: e\n\n',
    ],
    events: [{ data: 'a' }, { data: 'b' }, { data: 'c' }, { data: 'd' }, { data: 'e' }],
    cursor: 'good',
  },
  {
    wpt: 'format-field-parsing',
    rule: 'keeps NUL in data and a second space, and ignores mis-cased, NUL-named and space-led fields',
    chunks: [
      'data:\0\ndata:  two\rData:no\ndata\0:no\ndata:three\r\0data:no\nda-ta:no\rdata_5\ndata:\r\n data:no\ndata:four\n\n',
    ],
    events: [{ data: '\0\n two\nthree\n\nfour' }],
  },
  {
    wpt: 'format-field-retry-empty',
    rule: 'ignores a retry line without a value, and the event still arrives',
    chunks: ['retry\ndata:after an empty retry\n\n'],
    events: [{ data: 'after an empty retry' }],
  },
  {
    wpt: 'format-field-unknown',
    rule: 'ignores unknown fields, bare words and space-led lines; a bare data line adds an empty line',
    chunks: ['data:test\n data\ndata\nfoobar:xxx\njustsometext\n:a comment\ndata:test\n\n'],
    events: [{ data: 'test\n\ntest' }],
  },
  {
    wpt: 'format-leading-space',
    rule: 'removes one space after the colon, never a tab',
    chunks: ['data:\ttab\rdata: \ndata:end\n\n'],
    events: [{ data: '\ttab\n\nend' }],
  },
  {
    wpt: 'format-newlines',
    rule: 'ends lines at CRLF, LF and CR alike, also when a CRLF is split between chunks',
    chunks: ['data:test\r', '\ndata\ndata:test\r\n\r', 'data:second\r\r'],
    events: [{ data: 'test\n\ntest' }, { data: 'second' }],
  },
  {
    wpt: 'format-null-character',
    rule: 'delivers data that is a single U+0000',
    chunks: ['data:\0\n\n\n\n'],
    events: [{ data: '\0' }],
  },
  {
    wpt: 'format-utf-8',
    rule: 'decodes UTF-8 split inside characters, and invalid bytes as U+FFFD',
    chunks: [
      bytes(0x64, 0x61, 0x74, 0x61, 0x3a, 0x6f, 0x6b, 0xe2, 0x86),
      bytes(0x92, 0xe2, 0x98, 0x85, 0xff, 0x0a, 0x0a),
    ],
    events: [{ data: 'ok→★\uFFFD' }],
  },
]

/** format-mime-*: which content types open a stream (the essence, case-insensitive; parameters ignored). */
export const MIME_CASES = [
  { wpt: 'format-mime-trailing-semicolon', contentType: 'text/event-stream;', opens: true },
  { wpt: 'format-mime-valid-bogus', contentType: 'text/event-stream; charset=bogus', opens: true },
  { wpt: 'format-mime-bogus', contentType: 'text/x-bogus', opens: false },
] as const

/** request-status-error: every status but 200 opens no stream; 204 is "nothing to follow", the rest fail. */
export const STATUS_CASES = [204, 205, 210, 299, 404, 410, 503] as const
