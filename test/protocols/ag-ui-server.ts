import { createServer, type Server } from 'node:http'
import type { AGUIEvent, RunAgentInput } from '@ag-ui/core'
import { RunAgentInputSchema } from '@ag-ui/core/schemas'
import { closeServer, listenOnLoopback } from '../helpers/local-server.js'
import { approvalRun, contentTypeFor, encodeRunEvents, failingRun, weatherRun } from './ag-ui-producer.js'

const RUNS: Readonly<Record<string, (runId: string) => AGUIEvent[]>> = {
  weather: weatherRun,
  approval: approvalRun,
  failing: failingRun,
}

export interface AgUiServer {
  /** http://127.0.0.1:PORT/agent/<run>: `weather`, `approval` or `failing`. */
  url(run: string): string
  /** Every run input the server accepted, in order. */
  readonly inputs: readonly RunAgentInput[]
  close(): Promise<void>
}

/**
 * An AG-UI endpoint on 127.0.0.1: takes a POSTed RunAgentInput (checked against @ag-ui/core's schema;
 * 400 when it is not one) and streams a recorded run through @ag-ui/encoder, one event per write.
 * A request that resumes an interrupt (`resume`) gets the weather run.
 */
export async function startAgUiServer(): Promise<AgUiServer> {
  const inputs: RunAgentInput[] = []
  const server: Server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      body += chunk
    })
    request.on('end', async () => {
      const name = new URL(request.url ?? '/', 'http://127.0.0.1').pathname.replace('/agent/', '')
      let parsed: unknown
      try {
        parsed = JSON.parse(body)
      } catch {
        parsed = undefined
      }
      const input = RunAgentInputSchema.safeParse(parsed)
      const run = RUNS[name]
      if (request.method !== 'POST' || !input.success || run === undefined) {
        response.writeHead(400, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ error: input.success ? `no run '${name}'` : input.error.message }))
        return
      }
      inputs.push(input.data as RunAgentInput)
      const events = (input.data.resume?.length ? weatherRun : run)(input.data.runId)
      response.writeHead(200, {
        'content-type': contentTypeFor(request.headers.accept),
        'cache-control': 'no-cache',
      })
      for (const chunk of encodeRunEvents(events)) {
        if (response.destroyed) return
        response.write(chunk)
        // One event per network write, as a real agent streams them.
        await new Promise((resolve) => setTimeout(resolve, 1))
      }
      response.end()
    })
  })
  const port = await listenOnLoopback(server)
  return {
    url: (run) => `http://127.0.0.1:${port}/agent/${run}`,
    inputs,
    close: () => closeServer(server),
  }
}
