/**
 * Tells "the server refuses us" from "the server is down" after repeated handshake failures:
 * browsers hide a rejected upgrade's HTTP status behind close 1006 (reconnecting-websocket #126).
 * A URL is fetched (GET, cookies included); a function returns a status or whether we are authorized.
 */
export type AuthProbe = string | (() => Promise<number | boolean>)

/** True when the probe says the client is not authorized (401/403 or `false`); a failed probe says nothing. */
export async function isUnauthorized(
  probe: AuthProbe,
  fetch: typeof globalThis.fetch | undefined,
): Promise<boolean> {
  try {
    if (typeof probe === 'function') {
      const result = await probe()
      return typeof result === 'boolean' ? !result : result === 401 || result === 403
    }
    const doFetch = fetch ?? globalThis.fetch
    const response = await doFetch(probe, { method: 'GET', credentials: 'include' })
    await response.body?.cancel().catch(() => {})
    return response.status === 401 || response.status === 403
  } catch {
    return false
  }
}
