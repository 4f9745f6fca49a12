// Browser-safe: the shapes a wire server speaks, and a handle on one in another process.

/** What one request gets: exact bytes, in chunks written one after another. */
export interface WireResponse {
  /** @default 200 */
  status?: number
  /** @default 'text/event-stream' */
  contentType?: string
  chunks?: readonly (string | Uint8Array)[]
  /** 'end' finishes the body cleanly; 'drop' destroys the socket after the chunks (a network drop). @default 'end' */
  ending?: 'end' | 'drop'
}

/** A request as the server saw it; `lastEventIdBytes` is the raw header value, byte for byte. */
export interface SeenRequest {
  lastEventId: string | undefined
  lastEventIdBytes: number[] | undefined
}

/** How a suite reaches a wire server, in-process or in another process (browser tests). */
export interface WireServerHandle {
  /** The absolute URL of a route. */
  url(name: string): string
  /** The requests a route received so far, in order. */
  requests(name: string): Promise<SeenRequest[]>
}

/** Where a server lists the requests of route `name`, as JSON. */
export const REQUESTS_PATH = '__requests/'

/** A handle on a wire server running elsewhere (another process), through its HTTP endpoints. */
export function remoteWireServer(origin: string): WireServerHandle {
  return {
    url: (name) => `${origin}/${name}`,
    requests: async (name) =>
      (await fetch(`${origin}/${REQUESTS_PATH}${name}`)).json() as Promise<SeenRequest[]>,
  }
}
