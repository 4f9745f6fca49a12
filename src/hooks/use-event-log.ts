import { useCallback, useRef, useState } from 'react'
import type { AgentEvent } from '../core/index.js'

/**
 * Collects decoded events for a debug view (StreamInspector): pass `onEvent` to a chat hook. Keeps
 * the latest `max` events and publishes at most once per animation frame.
 */
export function useEventLog(max = 500): {
  events: readonly AgentEvent[]
  onEvent: (event: AgentEvent) => void
  clear: () => void
} {
  const [events, setEvents] = useState<readonly AgentEvent[]>([])
  const pending = useRef<AgentEvent[]>([])
  const scheduled = useRef(false)

  const onEvent = useCallback(
    (event: AgentEvent) => {
      pending.current.push(event)
      if (scheduled.current) return
      scheduled.current = true
      const publish = () => {
        scheduled.current = false
        const batch = pending.current
        pending.current = []
        setEvents((previous) => [...previous, ...batch].slice(-max))
      }
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(publish)
      else setTimeout(publish, 16)
    },
    [max],
  )
  const clear = useCallback(() => {
    pending.current = []
    setEvents([])
  }, [])
  return { events, onEvent, clear }
}
