import { createChatSession, immediateScheduler, type Timers } from '../../src/core/index.js'
import { agentEventsProtocol } from '../../src/protocols/index.js'
import { createSeededRandom, longScenario, scenarioText } from '../../src/testing/index.js'
import { createSseTransport } from '../../src/transports/index.js'
import { createCountingTimers } from '../helpers/manual-timers.js'
import { lastText } from '../helpers/session-harness.js'
import { setupMockAgentServer } from '../helpers/setup-server.js'

/** 1,000 in CI; `SOAK_STREAMS=200 npx vitest run test/soak` for a quick local pass. */
const STREAMS = Number(process.env.SOAK_STREAMS ?? 1000)
const CONCURRENCY = 20
const SEED = 20_260_611

type Fault = 'drop-bytes' | 'drop-events' | 'stall' | 'server-error' | 'drip'

interface Plan {
  index: number
  tokens: number
  resumable: boolean
  faults: Fault[]
  query: string
}

const ALL_FAULTS: readonly Fault[] = ['drop-bytes', 'drop-events', 'stall', 'server-error', 'drip']

/** One stream's scenario and faults, drawn from the seeded generator. */
function planStream(index: number, random: () => number): Plan {
  const pick = (max: number) => Math.floor(random() * max)
  const tokens = 12 + pick(48)
  const resumable = random() < 0.5
  const faults = ALL_FAULTS.filter(() => random() < 0.35)
  const params = new URLSearchParams({ key: `soak-${index}`, scenario: 'long', tokens: String(tokens) })
  if (!resumable) params.set('ids', '0')
  const events = tokens + 1
  const times = 1 + pick(3)
  if (faults.includes('drop-bytes')) params.set('dropAtByte', String(1 + pick(40 * events)))
  else if (faults.includes('drop-events')) params.set('dropAfterEvents', String(pick(events)))
  else if (faults.includes('stall')) params.set('stallAfterEvents', String(pick(events)))
  if (faults.some((fault) => fault.startsWith('drop') || fault === 'stall'))
    params.set('dropTimes', String(times))
  if (faults.includes('server-error')) {
    params.set('status', String([500, 502, 503, 504][pick(4)]))
    params.set('statusTimes', String(1 + pick(2)))
  }
  if (faults.includes('drip')) {
    params.set('delayMs', String(1 + pick(2)))
    params.set('chunkBytes', String(5 + pick(60)))
  }
  return { index, tokens, resumable, faults, query: params.toString() }
}

const server = setupMockAgentServer({ tokenDelayMs: 0 })

function runStream(plan: Plan, timers: Timers, random: () => number) {
  const stalls = plan.faults.includes('stall')
  const session = createChatSession({
    api: `${server.url}/api/chat?${plan.query}`,
    transport: createSseTransport({
      timers,
      random,
      // Only a stalled stream needs the idle deadline to fire soon; the others keep a loose one.
      idleTimeoutMs: stalls ? 150 : 5000,
      retry: { baseDelayMs: 4, minDelayMs: 1, maxDelayMs: 16, maxAttempts: 10 },
    }),
    protocol: agentEventsProtocol,
    scheduler: immediateScheduler,
    timers,
  })
  return session.send('soak').finally(() => session.dispose())
}

describe('fault soak against the mock agent server', () => {
  it(`${STREAMS} seeded streams with drops, stalls, 5xx and drips: resumable ones end byte-identical, the rest interrupted with a prefix; no socket or timer left`, async () => {
    const random = createSeededRandom(SEED)
    const timers = createCountingTimers()
    const plans = Array.from({ length: STREAMS }, (_, index) => planStream(index, random))

    // The undisturbed run of every scenario the plans use, through the same client.
    const undisturbed = new Map<number, string>()
    for (const tokens of new Set(plans.map((plan) => plan.tokens))) {
      const final = await runStream(
        {
          index: -tokens,
          tokens,
          resumable: true,
          faults: [],
          query: `key=clean-${tokens}&scenario=long&tokens=${tokens}`,
        },
        timers,
        random,
      )
      expect(final.status).toBe('complete')
      expect(lastText(final)).toBe(scenarioText(longScenario(tokens)))
      undisturbed.set(tokens, lastText(final))
    }

    const outcomes = { identical: 0, interrupted: 0, completeWithoutIds: 0 }
    const failures: string[] = []
    let next = 0
    async function worker() {
      while (next < plans.length) {
        const plan = plans[next++] as Plan
        const final = await runStream(plan, timers, random)
        const full = undisturbed.get(plan.tokens) as string
        const text = lastText(final)
        const describe = `#${plan.index} ${plan.query}: ${final.status} ${final.error?.code ?? ''} ${text.length}/${full.length}`
        if (plan.resumable) {
          if (final.status === 'complete' && text === full) outcomes.identical++
          else failures.push(describe)
        } else if (final.status === 'error' && final.error?.code === 'interrupted' && full.startsWith(text)) {
          outcomes.interrupted++
        } else if (final.status === 'complete' && text === full) {
          outcomes.completeWithoutIds++
        } else failures.push(describe)
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))

    expect(failures).toEqual([])
    expect(outcomes.identical + outcomes.interrupted + outcomes.completeWithoutIds).toBe(STREAMS)
    // The faults really hit: some streams without ids were cut after tokens arrived.
    expect(outcomes.interrupted).toBeGreaterThan(STREAMS / 20)
    // ...and resumable ones really resumed from a cursor.
    const resumed = server.requests.filter((request) => request.headers['last-event-id'] !== undefined)
    expect(resumed.length).toBeGreaterThan(STREAMS / 20)

    // Count what is left open: server-side streams (the server sees the close a moment later) and client timers.
    while (server.openStreams() > 0) await new Promise((resolve) => setTimeout(resolve, 10))
    expect(server.openStreams()).toBe(0)
    expect(timers.scheduled).toBeGreaterThan(STREAMS)
    expect(timers.live).toBe(0)
  }, 180_000)
})
