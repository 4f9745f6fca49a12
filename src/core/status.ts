/** Where the current response is. 'submitted' = sent, no token yet; 'offline' = paused until the network is back. */
export type ChatStatus =
  | 'idle'
  | 'submitted'
  | 'streaming'
  | 'reconnecting'
  | 'offline'
  | 'complete'
  | 'cancelled'
  | 'error'

/**
 * The states every connection shares: the chat's `ConnectionStatus` adds 'offline', the WebSocket
 * agent's `AgentSocketStatus` adds 'suspended'.
 */
export type LinkStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed' | 'failed'

/** The state of the wire under the response. 'offline' = the device is offline; nothing is attempted. */
export type ConnectionStatus = LinkStatus | 'offline'

/** True while a response is in flight (it can be stopped): submitted, streaming, reconnecting or offline. */
export function isActiveStatus(status: ChatStatus): boolean {
  return status === 'submitted' || status === 'streaming' || status === 'reconnecting' || status === 'offline'
}

/** Terminal response states: no stream is running (idle, complete, cancelled or error). */
export function isSettled(status: ChatStatus): boolean {
  return status === 'idle' || status === 'complete' || status === 'cancelled' || status === 'error'
}
