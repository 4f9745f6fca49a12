import type { ToolCallPart } from 'react-agent-stream'

/**
 * What a session does to a tool-call part once a person decides (stories only): approved, it runs;
 * denied, it keeps the reason and never runs.
 */
export function applyDecision(
  call: ToolCallPart,
  approved: boolean,
  options: { reason?: string },
): ToolCallPart {
  const approval = { ...call.approval, approved, ...(options.reason ? { reason: options.reason } : {}) }
  return approved
    ? { ...call, state: 'running', approval, startedAt: Date.now() }
    : { ...call, state: 'denied', approval }
}
