import { parseArgs } from 'node:util'
import { errorMessage } from '../../core/index.js'
import { scenarios } from '../scenarios.js'
import { type FaultProfile, startDefaultsFront } from './defaults-front.js'
import { DEFAULT_MOCK_AGENT_SERVER_OPTIONS, startMockAgentServer } from './mock-agent-server.js'

/** The wire protocols the mock server speaks, each on its own endpoint. */
const endpoints = {
  'agent-events': { method: 'POST', path: '/api/chat' },
  'plain-text': { method: 'GET ', path: '/api/stream?query=hi' },
  'websocket-chunk': { method: 'WS  ', path: '/ws' },
  'ag-ui': { method: 'POST', path: '/api/chat?format=ag-ui' },
} as const
type CliProtocol = keyof typeof endpoints

/** `--fault` profiles, mapped onto the server's query-string faults (faults.ts, docs/mock-agent.md). */
const faultProfiles = new Map<string, FaultProfile>([
  ['none', { description: 'no faults', sse: {}, socket: {} }],
  [
    'drop',
    {
      description: 'each SSE answer drops after 8 events (resumable); the 1st socket after 8 chunks',
      sse: { dropAfterEvents: '8' },
      socket: { dropAfterChunks: '8' },
      perResponse: true,
    },
  ],
  [
    'drop-no-ids',
    {
      description: "the same without event ids / seq: the client ends 'interrupted'",
      sse: { dropAfterEvents: '8', ids: '0' },
      socket: { dropAfterChunks: '8', seq: '0' },
      perResponse: true,
    },
  ],
  [
    'stall',
    {
      description: 'each SSE answer (and the 1st socket) goes silent after 8 events',
      sse: { stallAfterEvents: '8' },
      socket: { stallAfterChunks: '8' },
      perResponse: true,
    },
  ],
  [
    '500',
    {
      description: 'every SSE request answers HTTP 500 (sockets unaffected)',
      sse: { status: '500' },
      socket: {},
    },
  ],
  [
    'flaky',
    {
      description: 'the first 2 SSE requests answer 503, the 1st socket is refused',
      sse: { status: '503', statusTimes: '2' },
      socket: { rejectTimes: '1' },
    },
  ],
  [
    'rate-limit',
    {
      description: 'the first SSE request answers 429 with Retry-After: 2',
      sse: { status: '429', retryAfter: '2', statusTimes: '1' },
      socket: {},
    },
  ],
  [
    'slow',
    { description: '250 ms between events and chunks', sse: { delayMs: '250' }, socket: { delayMs: '250' } },
  ],
])

const scenarioNames = [...Object.keys(scenarios), 'long']

/** What the CLI does without flags; `handleSignals` is the `io` option's. */
export const DEFAULT_MOCK_AGENT_CLI_OPTIONS = Object.freeze({
  port: 8787,
  protocol: 'agent-events',
  scenario: 'markdown',
  fault: 'none',
  handleSignals: true,
})
const defaults = DEFAULT_MOCK_AGENT_CLI_OPTIONS

export const MOCK_AGENT_CLI_USAGE = `Usage: react-agent-stream-mock [options]

Starts the react-agent-stream mock agent on 127.0.0.1 and prints its URLs. No model, no network.
Every endpoint is served; --protocol picks the one printed first, with the hook call that reads it.

Options:
  --port <n>          port on 127.0.0.1, 0 for a free one (default ${defaults.port})
  --protocol <name>   ${Object.keys(endpoints).join(' | ')} (default ${defaults.protocol})
  --scenario <name>   ${scenarioNames.join(' | ')} (default ${defaults.scenario})
                      SSE only: over WebSocket the scenario comes from the message
  --fault <profile>   a fault profile (default ${defaults.fault}):
${[...faultProfiles]
  .map(([name, profile]) => `                        ${name.padEnd(13)}${profile.description}`)
  .join('\n')}
  --delay <ms>        delay between events (default ${DEFAULT_MOCK_AGENT_SERVER_OPTIONS.tokenDelayMs})
  -h, --help          print this help

A request's own query string wins over the defaults (?scenario=thinking&dropAfterEvents=3). Every
query-string fault is listed in docs/mock-agent.md, in this package (node_modules/react-agent-stream/).
Ctrl-C stops the server.
`

/** What the CLI was asked for. */
export interface MockAgentCliOptions {
  port: number
  protocol: CliProtocol
  scenario: string
  fault: string
  tokenDelayMs: number | undefined
}

/** Reads the CLI flags; throws an Error whose message says what is wrong. Undefined means `--help`. */
export function parseMockAgentCliArgs(argv: readonly string[]): MockAgentCliOptions | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      protocol: { type: 'string' },
      scenario: { type: 'string' },
      fault: { type: 'string' },
      delay: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return undefined
  const oneOf = (flag: string, value: string, allowed: readonly string[]) => {
    if (!allowed.includes(value))
      throw new Error(`--${flag} must be one of ${allowed.join(', ')}; got '${value}'`)
    return value
  }
  const integer = (flag: string, value: string | undefined, max: number) => {
    if (value === undefined) return undefined
    const parsed = Number(value)
    if (!Number.isInteger(parsed) || parsed < 0 || parsed > max)
      throw new Error(`--${flag} must be an integer from 0 to ${max}; got '${value}'`)
    return parsed
  }
  return {
    port: integer('port', values.port, 65_535) ?? defaults.port,
    protocol: oneOf('protocol', values.protocol ?? defaults.protocol, Object.keys(endpoints)) as CliProtocol,
    scenario: oneOf('scenario', values.scenario ?? defaults.scenario, scenarioNames),
    fault: oneOf('fault', values.fault ?? defaults.fault, [...faultProfiles.keys()]),
    tokenDelayMs: integer('delay', values.delay, 3_600_000),
  }
}

/** A running CLI server. */
export interface MockAgentCliServer {
  /** http://127.0.0.1:PORT */
  url: string
  /** ws://127.0.0.1:PORT/ws */
  wsUrl: string
  port: number
  close(): Promise<void>
}

/** Where the CLI writes and how it ends; a test passes its own. */
export interface MockAgentCliIo {
  /** @default process.stdout */
  stdout?: (text: string) => void
  /** @default process.stderr */
  stderr?: (text: string) => void
  /** Called with 2 on a usage error, 1 when the port cannot be used. @default sets process.exitCode */
  exit?: (code: number) => void
  /** Close on SIGINT / SIGTERM and exit. @default true */
  handleSignals?: boolean
}

/** Starts the mock server for parsed options: directly, or behind the defaults front when a scenario or fault is set. */
export async function startMockAgentCliServer(options: MockAgentCliOptions): Promise<MockAgentCliServer> {
  const tokenDelay = options.tokenDelayMs === undefined ? {} : { tokenDelayMs: options.tokenDelayMs }
  const profile = faultProfiles.get(options.fault) ?? { description: 'no faults', sse: {}, socket: {} }
  // The server plays its default scenario without faults by itself; anything else needs the front.
  const needsFront =
    options.scenario !== DEFAULT_MOCK_AGENT_SERVER_OPTIONS.scenario || options.fault !== defaults.fault
  const inner = await startMockAgentServer({ port: needsFront ? 0 : options.port, ...tokenDelay })
  if (!needsFront) return { url: inner.url, wsUrl: inner.wsUrl, port: inner.port, close: () => inner.close() }
  const front = await startDefaultsFront(options.port, inner.port, {
    scenario: options.scenario,
    profile,
  }).catch(async (error: unknown) => {
    await inner.close()
    throw error
  })
  return {
    url: `http://127.0.0.1:${front.port}`,
    wsUrl: `ws://127.0.0.1:${front.port}/ws`,
    port: front.port,
    async close() {
      await front.close()
      await inner.close()
    },
  }
}

/** The hook call that reads `protocol` from the server, for the user to paste. */
function hookCall(server: MockAgentCliServer, protocol: CliProtocol): string {
  if (protocol === 'websocket-chunk') return `useWebSocketAgent({ url: '${server.wsUrl}' })`
  if (protocol === 'agent-events')
    return `useStreamingChat({ api: '${server.url}/api/chat', protocol: 'agent-events' })`
  if (protocol === 'ag-ui')
    return `useStreamingChat({ api: '${server.url}/api/chat?format=ag-ui', protocol: 'ag-ui' })`
  const url = `${server.url}/api/stream?query=`
  return `useStreamingChat({ protocol: 'plain-text', prepareRequest: ({ text }) => ({ url: '${url}' + encodeURIComponent(text), method: 'GET' }) })`
}

function describeServer(server: MockAgentCliServer, options: MockAgentCliOptions): string {
  const lines = [
    `react-agent-stream mock agent on ${server.url} (scenario ${options.scenario}, fault ${options.fault})`,
  ]
  const order = [
    options.protocol,
    ...(Object.keys(endpoints) as CliProtocol[]).filter((name) => name !== options.protocol),
  ]
  for (const name of order) {
    const { method, path } = endpoints[name]
    const base = name === 'websocket-chunk' ? server.wsUrl.slice(0, -'/ws'.length) : server.url
    lines.push(`  ${name.padEnd(16)} ${method} ${base}${path}`)
  }
  lines.push(`  ${hookCall(server, options.protocol)}`)
  return `${lines.join('\n')}\n`
}

/**
 * `react-agent-stream-mock`: starts the mock agent server from command-line flags and prints its
 * URLs (see MOCK_AGENT_CLI_USAGE). Resolves with the running server, or undefined after `--help` or
 * a usage error.
 */
export async function runMockAgentCli(
  argv: readonly string[],
  io: MockAgentCliIo = {},
): Promise<MockAgentCliServer | undefined> {
  const stdout = io.stdout ?? ((text: string) => void process.stdout.write(text))
  const stderr = io.stderr ?? ((text: string) => void process.stderr.write(text))
  const exit =
    io.exit ??
    ((code: number) => {
      process.exitCode = code
    })
  let options: MockAgentCliOptions | undefined
  try {
    options = parseMockAgentCliArgs(argv)
  } catch (error) {
    stderr(
      `react-agent-stream-mock: ${errorMessage(error)}\nRun react-agent-stream-mock --help for the options.\n`,
    )
    exit(2)
    return undefined
  }
  if (options === undefined) {
    stdout(MOCK_AGENT_CLI_USAGE)
    return undefined
  }
  let server: MockAgentCliServer
  try {
    server = await startMockAgentCliServer(options)
  } catch (error) {
    stderr(`react-agent-stream-mock: cannot listen on 127.0.0.1:${options.port}: ${errorMessage(error)}\n`)
    exit(1)
    return undefined
  }
  stdout(describeServer(server, options))
  if (io.handleSignals ?? defaults.handleSignals) {
    const stop = () => void server.close().then(() => process.exit(0))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  }
  return server
}
