import type { ChatMessage, PrepareRequestInput } from '../../src/core/index.js'
import { toWireMessages } from '../../src/core/index.js'

/** The last data part named `name` in the conversation's assistant messages. */
function lastData(messages: readonly ChatMessage[], name: string): unknown {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index] as ChatMessage
    if (message.role !== 'assistant') continue
    const part = message.parts.findLast((candidate) => candidate.type === 'data' && candidate.name === name)
    if (part?.type === 'data') return part.data
  }
  return undefined
}

/**
 * A `prepareRequest` that POSTs an AG-UI RunAgentInput (the docs/protocol.md example): the kit's
 * messages, the agent state the last answer left, and, when the last answer stopped at an interrupt,
 * a resume entry answering it with `answer`.
 */
export function agUiRequest(threadId: string, answer: (interrupt: { id: string }) => unknown) {
  let runs = 0
  return ({ messages }: PrepareRequestInput) => {
    const last = messages.findLast((message) => message.role === 'assistant')
    const interrupt = last
      ? (lastData([last], 'interrupt') as { interrupts: { id: string }[] } | undefined)
      : undefined
    const input = {
      threadId,
      runId: `${threadId}-run-${++runs}`,
      messages: toWireMessages(messages),
      tools: [],
      context: [],
      state: lastData(messages, 'agent-state') ?? {},
      ...(interrupt && {
        resume: interrupt.interrupts.map((item) => ({
          interruptId: item.id,
          status: 'resolved',
          payload: answer(item),
        })),
      }),
    }
    return {
      body: JSON.stringify(input),
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    }
  }
}
