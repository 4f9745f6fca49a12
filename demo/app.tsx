import { useId, useState } from 'react'
import { ChatApp, type ChatTransportChoice } from './chat-app.js'

/** `approval` waits for Approve / Deny on its tool call; `client-tool` runs get_location in this page. */
const scenarios = [
  'markdown',
  'thinking',
  'tool-calls',
  'approval',
  'client-tool',
  'multi-agent',
  'long',
] as const

/** Faults the mock agent server injects into the next answer (its query-string fault flags). */
const faults = {
  none: { label: 'None', sse: '', websocket: '' },
  drop: {
    label: 'Drop the connection mid-answer (resumes)',
    sse: 'dropAfterEvents=25',
    websocket: 'dropAfterChunks=25',
  },
  'drop-no-ids': {
    label: 'Drop without event ids (interrupted)',
    sse: 'dropAfterEvents=25&ids=0',
    websocket: 'dropAfterChunks=25&seq=0',
  },
  'server-error': {
    label: 'HTTP 503 twice, then answer',
    sse: 'status=503&statusTimes=2&retryAfter=1',
    websocket: 'closeAfterOpenMs=10&closeCode=1011',
  },
  unauthorized: {
    label: 'HTTP 401 (fails at once)',
    sse: 'status=401&statusTimes=1000',
    websocket: 'rejectTimes=1000',
  },
  slow: { label: 'Slow drip', sse: 'delayMs=120', websocket: 'delayMs=120' },
  'wrong-type': {
    label: 'Wrong content type (HTML error page)',
    sse: 'contentType=text/html&body=%3Chtml%3EBad%20gateway%3C/html%3E',
    websocket: '',
  },
} as const

type FaultName = keyof typeof faults

/** The wire formats the mock agent's POST /api/chat answers in (`?format=`); `auto` detects each. */
const formats = {
  'agent-events': 'Kit JSON events (resumable)',
  'openai-chat': 'OpenAI Chat Completions',
  'ag-ui': 'AG-UI',
} as const

type FormatName = keyof typeof formats
type TransportKind = 'sse' | 'resumable' | 'websocket'

/**
 * The resumable chat's id, kept in the URL (`?chat=...`): a reload, or the same URL in another
 * tab, follows the answer that is still generating.
 */
function useChatIdFromUrl(): string {
  const [id] = useState(() => {
    const url = new URL(window.location.href)
    const existing = url.searchParams.get('chat')
    if (existing) return existing
    const created = crypto.randomUUID()
    url.searchParams.set('chat', created)
    window.history.replaceState(null, '', url)
    return created
  })
  return id
}

/**
 * The playground: a complete chat built only from the kit's public API, on the mock agent server
 * (proxied at /api and /ws), switchable between SSE and WebSocket, with faults to inject.
 */
export function App() {
  const [kind, setKind] = useState<TransportKind>(() => {
    const fromUrl = new URL(window.location.href).searchParams.get('transport')
    return fromUrl === 'resumable' || fromUrl === 'websocket' ? fromUrl : 'sse'
  })
  // Kept in the URL with the chat id, so a reload comes back to the same resumable chat.
  function chooseTransport(next: TransportKind) {
    const url = new URL(window.location.href)
    url.searchParams.set('transport', next)
    window.history.replaceState(null, '', url)
    setKind(next)
  }
  const chatId = useChatIdFromUrl()
  const [scenario, setScenario] = useState<(typeof scenarios)[number]>('markdown')
  const [fault, setFault] = useState<FaultName>('none')
  const [format, setFormat] = useState<FormatName>('agent-events')
  const [round, setRound] = useState(0)
  const ids = { transport: useId(), scenario: useId(), fault: useId(), format: useId() }

  // Each fault gets its own key, so the server's "first N attempts" counters start afresh.
  const key = `${fault}-${round}`
  let transport: ChatTransportChoice
  if (kind === 'websocket') {
    const query = faults[fault].websocket
    transport = {
      kind: 'websocket',
      url: `${location.origin.replace(/^http/, 'ws')}/ws?client=${key}${query ? `&${query}` : ''}`,
    }
  } else if (kind === 'resumable') {
    // The answer lives on the server: reload mid-answer, or open this URL in a second tab.
    transport = {
      kind: 'sse',
      api: '/api/chats',
      chatId,
      body: { scenario, ...(fault === 'slow' ? { delayMs: 120 } : {}) },
    }
  } else {
    const query = `${format === 'agent-events' ? '' : `&format=${format}`}${faults[fault].sse ? `&${faults[fault].sse}` : ''}`
    transport = { kind: 'sse', api: `/api/chat?scenario=${scenario}&key=${key}${query}` }
  }

  const toolbar = (
    <fieldset className="playground-toolbar">
      <legend>Mock agent</legend>
      <span className="playground-control">
        <label htmlFor={ids.transport}>Transport</label>
        <select
          id={ids.transport}
          value={kind}
          onChange={(event) => chooseTransport(event.target.value as TransportKind)}
        >
          <option value="sse">SSE (POST /api/chat)</option>
          <option value="resumable">SSE, resumable: survives a reload (POST /api/chats)</option>
          <option value="websocket">WebSocket (/ws)</option>
        </select>
      </span>
      <span className="playground-control">
        <label htmlFor={ids.scenario}>Scenario</label>
        <select
          id={ids.scenario}
          value={scenario}
          onChange={(event) => setScenario(event.target.value as (typeof scenarios)[number])}
        >
          {scenarios.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </span>
      <span className="playground-control">
        <label htmlFor={ids.format}>Wire format</label>
        <select
          id={ids.format}
          value={format}
          // Only POST /api/chat speaks several formats.
          disabled={kind !== 'sse'}
          onChange={(event) => setFormat(event.target.value as FormatName)}
        >
          {Object.entries(formats).map(([name, label]) => (
            <option key={name} value={name}>
              {label}
            </option>
          ))}
        </select>
      </span>
      <span className="playground-control">
        <label htmlFor={ids.fault}>Fault on the next answer</label>
        <select
          id={ids.fault}
          value={fault}
          onChange={(event) => {
            setFault(event.target.value as FaultName)
            setRound((value) => value + 1)
          }}
        >
          {Object.entries(faults).map(([name, { label }]) => (
            // A resumable chat runs on the server's helper: only the pace can be changed.
            <option
              key={name}
              value={name}
              disabled={kind === 'resumable' && name !== 'none' && name !== 'slow'}
            >
              {label}
            </option>
          ))}
        </select>
      </span>
    </fieldset>
  )

  return (
    <main className="ras-root playground" data-theme="auto">
      <header className="playground-header">
        <h1>react-agent-stream playground</h1>
        <p>
          A chat on the built-in mock agent: no API key, no network. Pick a transport, a scenario, a wire
          format and a fault, then watch the inspector.
        </p>
      </header>
      <ChatApp key={kind} transport={transport} scenario={scenario} toolbar={toolbar} />
    </main>
  )
}
