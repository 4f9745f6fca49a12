/** Polls on real time until `condition` holds; the test's own timeout is the failure. Never asserts on time. */
export async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2))
}

/** A page environment the test flips: online/visible, with listeners notified on `set`. */
export function createTestEnvironment(initial: { online?: boolean; visible?: boolean } = {}) {
  let online = initial.online ?? true
  let visible = initial.visible ?? true
  const listeners = new Set<() => void>()
  return {
    isOnline: () => online,
    isVisible: () => visible,
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    set(next: { online?: boolean; visible?: boolean }) {
      online = next.online ?? online
      visible = next.visible ?? visible
      for (const listener of [...listeners]) listener()
    },
    get listeners() {
      return listeners.size
    },
  }
}
