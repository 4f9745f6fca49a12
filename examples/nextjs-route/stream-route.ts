// app/api/chat/[id]/stream/route.ts: GET follows the chat's answer (a reload, a second tab, a
// reconnect with Last-Event-ID); DELETE stops it (the hook's stop()).
import { streams } from './streams'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

export function GET(request: Request): Promise<Response> {
  return streams.handler(request)
}

export function DELETE(request: Request): Promise<Response> {
  return streams.handler(request)
}
