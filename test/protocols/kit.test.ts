import type { AgentEvent, DecoderDiagnostic, Frame, Protocol } from '../../src/core/index.js'
import {
  agentEventsProtocol,
  agUiProtocol,
  aiSdkProtocol,
  anthropicProtocol,
  langChainProtocol,
  multiAgentProtocol,
  openAIChatProtocol,
  openAIResponsesProtocol,
  websocketChunkProtocol,
} from '../../src/protocols/index.js'
import {
  createFinishOnce,
  createReasoningLane,
  type Diagnose,
  defineProtocol,
  parseFrameJson,
  parseFrameRecord,
  readFrameRecord,
} from '../../src/protocols/kit.js'
import { finishEvent } from '../../src/protocols/shared.js'

/** A Diagnose that records what it was told. */
function recordingDiagnose(): { diagnose: Diagnose; diagnostics: DecoderDiagnostic[] } {
  const diagnostics: DecoderDiagnostic[] = []
  const diagnose: Diagnose = (kind, message, frame) =>
    diagnostics.push(frame ? { kind, message, frame } : { kind, message })
  return { diagnose, diagnostics }
}

describe('readFrameRecord', () => {
  it('returns the object a frame carries', () => {
    expect(readFrameRecord({ data: '{"type":"ping","n":1}' }, 'demo')).toEqual({
      ok: true,
      record: { type: 'ping', n: 1 },
    })
  })

  it('fails as malformed, naming the protocol, when the data is not JSON', () => {
    const frame: Frame = { data: '{"type":"pi', event: 'message' }
    expect(readFrameRecord(frame, 'demo')).toEqual({
      ok: false,
      diagnostic: { kind: 'malformed', message: 'demo: data is not JSON', frame },
    })
  })

  it.each([
    ['an array', '[{"type":"ping"}]'],
    ['a number', '42'],
    ['null', 'null'],
    ['a string', '"ping"'],
    ['a boolean', 'true'],
  ])('fails as malformed when the JSON is %s, not an object', (_name, data) => {
    expect(readFrameRecord({ data }, 'demo')).toEqual({
      ok: false,
      diagnostic: { kind: 'malformed', message: 'demo: data is not a JSON object', frame: { data } },
    })
  })

  it('fails on empty and whitespace-only data (not JSON)', () => {
    for (const data of ['', '  \n']) {
      const read = readFrameRecord({ data }, 'demo')
      expect(read.ok).toBe(false)
      if (!read.ok) expect(read.diagnostic.message).toBe('demo: data is not JSON')
    }
  })
})

describe('parseFrameRecord', () => {
  it('returns the object without reporting anything', () => {
    const { diagnose, diagnostics } = recordingDiagnose()
    expect(parseFrameRecord({ data: '{"a":[1]}' }, diagnose, 'demo')).toEqual({ a: [1] })
    expect(diagnostics).toEqual([])
  })

  it('reports one malformed diagnostic with the frame and returns undefined', () => {
    const { diagnose, diagnostics } = recordingDiagnose()
    const notJson: Frame = { data: 'oops' }
    const notObject: Frame = { data: '[1,2]' }
    expect(parseFrameRecord(notJson, diagnose, 'demo')).toBeUndefined()
    expect(parseFrameRecord(notObject, diagnose, 'demo')).toBeUndefined()
    expect(diagnostics).toEqual([
      { kind: 'malformed', message: 'demo: data is not JSON', frame: notJson },
      { kind: 'malformed', message: 'demo: data is not a JSON object', frame: notObject },
    ])
  })
})

describe('parseFrameJson', () => {
  it('keeps any JSON value, null included, and reports data that is not JSON', () => {
    const { diagnose, diagnostics } = recordingDiagnose()
    expect(parseFrameJson({ data: 'null' }, diagnose, 'demo')).toBeNull()
    expect(parseFrameJson({ data: '["values",{}]' }, diagnose, 'demo')).toEqual(['values', {}])
    expect(diagnostics).toEqual([])
    expect(parseFrameJson({ data: '{' }, diagnose, 'demo')).toBeUndefined()
    expect(diagnostics).toEqual([
      { kind: 'malformed', message: 'demo: data is not JSON', frame: { data: '{' } },
    ])
  })
})

describe('the decoders that read one JSON object per frame', () => {
  const decoders: Protocol[] = [
    agentEventsProtocol,
    agUiProtocol,
    aiSdkProtocol,
    anthropicProtocol,
    langChainProtocol,
    multiAgentProtocol,
    openAIChatProtocol,
    openAIResponsesProtocol,
    websocketChunkProtocol,
  ]

  it.each(decoders.map((protocol) => [protocol.name, protocol] as const))(
    '%s skips JSON that is not an object with the kit diagnostic',
    (name, protocol) => {
      const diagnostics: DecoderDiagnostic[] = []
      const decoder = protocol.createDecoder({ onDiagnostic: (diagnostic) => diagnostics.push(diagnostic) })
      expect(decoder.decode({ data: '[1,2]' })).toEqual([])
      expect(decoder.decode({ data: '{"type":' })).toEqual([])
      expect(diagnostics).toEqual([
        { kind: 'malformed', message: `${name}: data is not a JSON object`, frame: { data: '[1,2]' } },
        { kind: 'malformed', message: `${name}: data is not JSON`, frame: { data: '{"type":' } },
      ])
    },
  )
})

describe('createFinishOnce', () => {
  it('emits the closing events the first time and nothing after', () => {
    let closes = 0
    const finishing = createFinishOnce(() => {
      closes++
      return [{ type: 'reasoning-end' }, finishEvent('stop')]
    })
    expect(finishing.finished).toBe(false)
    expect(finishing.finish()).toEqual([{ type: 'reasoning-end' }, { type: 'finish', reason: 'stop' }])
    expect(finishing.finished).toBe(true)
    expect(finishing.finish()).toEqual([])
    expect(closes).toBe(1)
  })

  it('passes the first call its arguments; a later call with others changes nothing', () => {
    const finishing = createFinishOnce((reason: 'stop' | 'length'): AgentEvent[] => [finishEvent(reason)])
    expect(finishing.finish('length')).toEqual([{ type: 'finish', reason: 'length' }])
    expect(finishing.finish('stop')).toEqual([])
  })

  it('counts a finish that closed nothing as finished', () => {
    const finishing = createFinishOnce(() => [])
    expect(finishing.finish()).toEqual([])
    expect(finishing.finished).toBe(true)
  })
})

describe('createReasoningLane', () => {
  it('opens on the first reasoning text and ends once', () => {
    const lane = createReasoningLane()
    const events: AgentEvent[] = []
    lane.delta('Let me ', events)
    lane.delta('think.', events)
    expect(lane.open).toBe(true)
    lane.close(events)
    lane.close(events)
    expect(lane.open).toBe(false)
    expect(events).toEqual([
      { type: 'reasoning-delta', text: 'Let me ' },
      { type: 'reasoning-delta', text: 'think.' },
      { type: 'reasoning-end' },
    ])
  })

  it('ignores empty or absent text, so closing after it emits no stray reasoning-end', () => {
    const lane = createReasoningLane()
    const events: AgentEvent[] = []
    lane.delta('', events)
    lane.delta(undefined, events)
    lane.close(events)
    expect(lane.open).toBe(false)
    expect(events).toEqual([])
  })
})

describe('defineProtocol', () => {
  it('turns an exception in decode or end into an unexpected diagnostic and skips the frame', () => {
    const protocol = defineProtocol('broken', () => ({
      decode(frame) {
        if (frame.data === 'boom') throw new Error('bad shape')
        return [{ type: 'text-delta', text: frame.data }]
      },
      end() {
        throw new Error('bad end')
      },
      hasTerminalEvent: false,
    }))
    const diagnostics: DecoderDiagnostic[] = []
    const decoder = protocol.createDecoder({ onDiagnostic: (diagnostic) => diagnostics.push(diagnostic) })
    expect(decoder.decode({ data: 'boom' })).toEqual([])
    expect(decoder.decode({ data: 'ok' })).toEqual([{ type: 'text-delta', text: 'ok' }])
    expect(decoder.end()).toEqual([])
    expect(decoder.hasTerminalEvent).toBe(false)
    expect(diagnostics).toEqual([
      { kind: 'unexpected', message: 'broken decoder failed: bad shape', frame: { data: 'boom' } },
      { kind: 'unexpected', message: 'broken decoder failed: bad end' },
    ])
  })

  it('survives an onDiagnostic callback that throws', () => {
    const protocol = defineProtocol('strict', (_options, diagnose) => ({
      decode(frame) {
        return parseFrameRecord(frame, diagnose, 'strict') ? [{ type: 'text-delta', text: 'x' }] : []
      },
      end: () => [],
      hasTerminalEvent: true,
    }))
    const decoder = protocol.createDecoder({
      onDiagnostic: () => {
        throw new Error('user bug')
      },
    })
    expect(decoder.decode({ data: 'not json' })).toEqual([])
    expect(decoder.decode({ data: '{}' })).toEqual([{ type: 'text-delta', text: 'x' }])
  })
})
