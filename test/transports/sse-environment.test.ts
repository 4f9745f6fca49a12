// "(scenario N)" in a test name: fault N of docs/reliability.md.
import { createChatSession, immediateScheduler } from '../../src/core/index.js'
import { agentEventsProtocol } from '../../src/protocols/index.js'
import { createMockAgent, getScenario, type MockAgentOptions, scenarioText } from '../../src/testing/index.js'
import { createSseTransport } from '../../src/transports/index.js'
import { createManualTimers } from '../helpers/manual-timers.js'
import { lastText, settle } from '../helpers/session-harness.js'
import { createTestEnvironment, waitFor } from '../helpers/wait-for.js'

const markdown = scenarioText(getScenario('markdown'))

/** Session, SSE transport and mock agent on one hand-moved clock and a test-driven page environment. */
function setup(agentOptions: MockAgentOptions, visible = true) {
  const timers = createManualTimers()
  const environment = createTestEnvironment({ visible })
  const agent = createMockAgent({ timers, tokensPerSecond: 10, timeToFirstTokenMs: 0, ...agentOptions })
  const session = createChatSession({
    transport: createSseTransport({
      fetch: agent.fetch,
      timers,
      environment,
      random: agent.random,
    }),
    protocol: agentEventsProtocol,
    scheduler: immediateScheduler,
    timers,
  })
  /** Moves the clock in 100 ms steps until the response settles. */
  async function runToEnd(done: Promise<unknown>) {
    let settled = false
    void done.then(() => {
      settled = true
    })
    while (!settled) {
      timers.advance(100)
      await settle(3)
    }
    return done
  }
  return { timers, environment, agent, session, runToEnd }
}

/** The attempt number of each reconnect the session went into. */
function recordReconnects(session: ReturnType<typeof createChatSession>): number[] {
  const attempts: number[] = []
  let waiting = false
  session.subscribe(() => {
    const reconnect = session.getSnapshot().reconnect
    if (reconnect && !waiting) attempts.push(reconnect.attempt)
    waiting = reconnect !== undefined
  })
  return attempts
}

describe('SSE transport and the page environment', () => {
  it('sends exactly one POST when the tab is hidden and shown in the same tick mid-answer (scenario 31)', async () => {
    const { environment, agent, session, timers, runToEnd } = setup({})
    const done = session.send('Hi')
    await waitFor(() => session.getSnapshot().status === 'streaming')
    environment.set({ visible: false })
    environment.set({ visible: true })
    timers.advance(100)
    const final = (await runToEnd(done)) as Awaited<typeof done>
    expect(final.status).toBe('complete')
    expect(lastText(final)).toBe(markdown)
    expect(agent.requests).toHaveLength(1)
  })

  it('makes no attempt while hidden during backoff and resumes once visible (scenario 32)', async () => {
    const { environment, agent, session, timers } = setup({ disconnect: { afterEvents: 5 } })
    const done = session.send('Hi')
    await waitFor(() => session.getSnapshot().metrics.tokens > 0)
    environment.set({ visible: false })
    for (let step = 0; step < 50 && session.getSnapshot().status !== 'reconnecting'; step++) {
      timers.advance(100)
      await settle(3)
    }
    expect(session.getSnapshot().status).toBe('reconnecting')
    // Far past any backoff delay: still one request, since nobody is looking.
    timers.advance(120_000)
    await settle(10)
    expect(agent.requests).toHaveLength(1)
    environment.set({ visible: true })
    let settled = false
    void done.then(() => {
      settled = true
    })
    while (!settled) {
      timers.advance(100)
      await settle(3)
    }
    const final = await done
    expect(lastText(final)).toBe(markdown)
    expect(agent.requests).toHaveLength(2)
    expect(agent.requests[1]?.headers['last-event-id']).toBe('m0-4')
  })

  it('resets the attempt counter after a healthy connection, so a later drop starts the backoff over', async () => {
    // Each attempt streams 60 events at 10/s: 6 s up with events, over the 5 s health threshold.
    const healthy = setup({ disconnect: { afterEvents: 60, times: 2 } })
    const attempts = recordReconnects(healthy.session)
    const final = await healthy.runToEnd(healthy.session.send('Hi'))
    expect(lastText(final as never)).toBe(markdown)
    expect(attempts).toEqual([1, 1])

    // The same two drops after only 2 events each: never healthy, so the counter climbs.
    const flaky = setup({ disconnect: { afterEvents: 2, times: 2 } })
    const climbing = recordReconnects(flaky.session)
    await flaky.runToEnd(flaky.session.send('Hi'))
    expect(climbing).toEqual([1, 2])
  })

  it('fails once with an environment error on a foreign-realm AbortSignal instead of retrying (scenario 67)', async () => {
    let calls = 0
    const fetch = async () => {
      calls++
      // What Node's fetch throws for a jsdom AbortSignal (vitest #8374).
      throw new TypeError("Failed to construct 'Request': member signal is not of type AbortSignal.")
    }
    const session = createChatSession({
      transport: createSseTransport({ fetch }),
      protocol: agentEventsProtocol,
      scheduler: immediateScheduler,
    })
    const final = await session.send('Hi')
    expect(final.error?.code).toBe('environment')
    expect(calls).toBe(1)
  })
})
