// app/api/chat/route.ts: starts an answer (POST {id, messages}) and streams the kit's JSON events.
import { streams } from './streams'

// Stream from a long-lived Node process, never from a cached or static render.
export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

export function POST(request: Request): Promise<Response> {
  return streams.handler(request)
}
