import { describe, expect, it } from 'vitest'
import { describeError } from '../../src/core/error-text.js'
import type { StreamErrorCode } from '../../src/core/errors.js'

// Listed by hand on purpose: the Record type in error-text.ts makes a new code fail tsc there, and
// this list makes a sentence that falls back to the generic one fail here.
const codes: StreamErrorCode[] = [
  'network',
  'http',
  'timeout',
  'idle_timeout',
  'protocol',
  'content_type',
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'server',
  'event_too_large',
  'buffer_overflow',
  'queue_overflow',
  'expired',
  'interrupted',
  'aborted',
  'offline',
  'streaming_unsupported',
  'environment',
  'callback',
  'bad_event_id',
  'closed',
  'busy',
  'resume_failed',
  'tool_call',
  'continuation_limit',
  'invalid_input',
]

describe('describeError', () => {
  it('gives each code its own sentence, none of them the generic one', () => {
    const texts = codes.map((code) => describeError({ code, message: 'raw', status: undefined }))
    expect(texts).not.toContain('Something went wrong.')
    expect(new Set(texts).size).toBe(codes.length)
  })

  it('names what to do after an approval or client-tool loop stops', () => {
    expect(describeError({ code: 'continuation_limit', message: '', status: undefined })).toMatch(
      /send a message/,
    )
  })

  it('adds the HTTP status when there is one, and falls back for an unknown code', () => {
    expect(describeError({ code: 'server', message: '', status: 503 })).toBe(
      'The server had a problem. (HTTP 503)',
    )
    expect(describeError({ code: 'made_up' as StreamErrorCode, message: '', status: undefined })).toBe(
      'Something went wrong.',
    )
  })
})
