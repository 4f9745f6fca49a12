import { useEffect, useState } from 'react'
import { createMockAgent, type MockAgent, type MockAgentOptions } from 'react-agent-stream/testing'

/** The controls a designer sees on every live story. */
export interface MockControls {
  tokensPerSecond: number
  chunkSize: number
  timeToFirstTokenMs: number
  thinking: boolean
  toolCalls: boolean
  longAnswer: boolean
  disconnect: boolean
  error: 'none' | 'server-503' | 'unauthorized-401' | 'in-band'
}

export const defaultMockControls: MockControls = {
  tokensPerSecond: 40,
  chunkSize: 0,
  timeToFirstTokenMs: 600,
  thinking: true,
  toolCalls: true,
  longAnswer: false,
  disconnect: false,
  error: 'none',
}

export const mockControlTypes = {
  tokensPerSecond: { name: 'tokens per second', control: { type: 'range', min: 5, max: 500, step: 5 } },
  chunkSize: {
    name: 'characters per chunk (0 = words)',
    control: { type: 'range', min: 0, max: 40, step: 1 },
  },
  timeToFirstTokenMs: {
    name: 'time to first token (ms)',
    control: { type: 'range', min: 0, max: 5000, step: 100 },
  },
  thinking: { name: 'thinking', control: 'boolean' },
  toolCalls: { name: 'tool calls', control: 'boolean' },
  longAnswer: { name: 'long answer', control: 'boolean' },
  disconnect: { name: 'inject a disconnect', control: 'boolean' },
  error: {
    name: 'inject an error',
    control: 'select',
    options: ['none', 'server-503', 'unauthorized-401', 'in-band'],
  },
} as const

function toOptions(controls: MockControls): MockAgentOptions {
  return {
    tokensPerSecond: controls.tokensPerSecond,
    ...(controls.chunkSize > 0 ? { chunkSize: controls.chunkSize } : {}),
    timeToFirstTokenMs: controls.timeToFirstTokenMs,
    thinking: controls.thinking,
    toolCalls: controls.toolCalls,
    longAnswer: controls.longAnswer,
    disconnect: controls.disconnect ? { afterEvents: 30, times: 1 } : false,
    error:
      controls.error === 'server-503'
        ? { status: 503, times: 2, retryAfterSeconds: 1 }
        : controls.error === 'unauthorized-401'
          ? { status: 401 }
          : controls.error === 'in-band'
            ? { message: 'The model is overloaded. Try again.', afterEvents: 20, times: 1 }
            : false,
    seed: 7,
  }
}

/** A mock agent for a story: one per mounted story, its options following the controls. */
export function useMockAgent(controls: MockControls): MockAgent {
  const [agent] = useState(() => createMockAgent(toOptions(controls)))
  useEffect(() => {
    agent.update(toOptions(controls))
  }, [agent, controls])
  return agent
}
