/** Where the current response is. 'submitted' = sent, no token yet. */
export type ChatStatus =
  | 'idle'
  | 'submitted'
  | 'streaming'
  | 'reconnecting'
  | 'complete'
  | 'cancelled'
  | 'error'

/** The state of the wire under the response. */
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed' | 'failed'
