import { describe, expect, it } from 'vitest'
import { describeError } from '../../src/core/error-text.js'
import type { StreamErrorCode } from '../../src/core/errors.js'
import { ALL_STREAM_ERROR_CODES } from '../helpers/error-codes.js'

const codes = ALL_STREAM_ERROR_CODES.filter((code) => code !== 'unknown')

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
