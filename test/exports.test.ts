// The public names of every package entry, pinned: an internal that leaks into an entry (or a public
// name that drops out) fails here. Adding a public name means adding it to its entry and to this list.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import ts from 'typescript'

/** Per entry (the package.json "exports" key): its runtime values and its type-only names. */
const PUBLIC_NAMES: Record<string, { values: string; types: string }> = {
  './core': {
    values: `
      AGENT_EVENT_TYPES agentEventsProtocol agUiProtocol aiSdkProtocol animationFrameScheduler
      anthropicProtocol autoProtocol backoffDelay browserEnvironment createChatSession
      createIterableTransport createSseTransport createWebSocketTransport DEFAULT_BACKOFF DEFAULT_CAPS
      describeError
      DEFAULT_RETRY DEFAULT_SEND_POLICY DEFAULT_SESSION_OPTIONS DEFAULT_SSE_OPTIONS
      DEFAULT_WEBSOCKET_OPTIONS defaultTimers eventsourceParserReader immediateScheduler
      isActiveStatus isSettled langChainProtocol langGraphProtocol LostEvents messageText
      multiAgentProtocol openAIChatProtocol openAIResponsesProtocol plainTextProtocol protocols
      resolveProtocol STREAM_ID_HEADER StreamError toWireMessages websocketChunkProtocol
      DEFAULT_MAX_AUTO_CONTINUATIONS isToolCallSettled toWireToolCall branchesOf EMPTY_BRANCH_TREE
      toUIMessages
      createChat createChatCache getOrCreateChat
      isDataFrame
    `,
    types: `
      AgentEvent AgentEventType AgentSocketState AgentSocketStatus AuthProbe AutoDecoder AutoProtocol
      BackoffOptions ChatMessage ChatRequest ChatRole ChatSession ChatSessionOptions ChatSnapshot
      ChatStatus ChatTransport ConnectionChange ConnectionStatus DataPart DecoderDiagnostic
      DecoderOptions FinishReason Frame FrameScheduler FrameSource MessagePart PageEnvironment
      PageTransition PrepareCancelRequestInput PrepareRequestInput PrepareResumeRequestInput Protocol
      ProtocolChooser ProtocolDecoder ProtocolName ReasoningPart ReconnectInfo ResumeOptions
      RetryOptions SendInput SendPolicy SendResult SessionCaps SseReader SseReadHandlers
      SseTransportOptions StreamEndpointOptions StreamErrorCode StreamErrorOptions StreamMetrics
      TextPart Timers ToolCallPart ToolCallState TransportContext Usage WebSocketTransport
      WebSocketTransportOptions
      ToolApproval ToolOutcome AutoContinue ClientToolOptions OnToolCall ToolCallContext
      ToolContinuation ToolDecisionOptions WireMessage WireToolCall
      BranchFork BranchInfo BranchTarget BranchTree HiddenVersion
      ToUIMessagesOptions UIMessageLike UIMessagePartLike UIToolApproval
      LinkStatus ReadyState
      CursorFrame EndFrame RestartFrame TransportFrame
      Chat ChatCache ChatListener ChatOptions SendGate
    `,
  },
  './protocols/ag-ui': { values: 'agUiProtocol', types: '' },
  './protocols/agent-events': { values: 'agentEventsProtocol', types: '' },
  './protocols/ai-sdk': { values: 'aiSdkProtocol', types: '' },
  './protocols/anthropic': { values: 'anthropicProtocol', types: '' },
  './protocols/langchain': { values: 'langChainProtocol', types: '' },
  './protocols/langgraph': { values: 'langGraphProtocol', types: '' },
  './protocols/multi-agent': { values: 'multiAgentProtocol', types: '' },
  './protocols/openai-chat': { values: 'openAIChatProtocol', types: '' },
  './protocols/openai-responses': { values: 'openAIResponsesProtocol', types: '' },
  './protocols/plain-text': { values: 'plainTextProtocol', types: '' },
  './protocols/websocket-chunk': { values: 'websocketChunkProtocol', types: '' },
  '.': {
    values: `
      BranchPicker MessageEditor
      Composer ConnectionBanner createLazyHighlighter DEFAULT_AUTO_SCROLL_OPTIONS DEFAULT_TOOL_CALL_LABELS
      DEFAULT_WEBSOCKET_AGENT_OPTIONS describeError
      ErrorNotice isActiveStatus MessageList messageText MessageView StopButton StreamError
      StreamingMarkdown StreamInspector ThinkingIndicator ToolCallBadge useAutoScroll useChatSession
      useElapsedTime useEventLog useMarkdownStreaming useNow useStreamingChat useStreamMetrics
      useWebSocketAgent
    `,
    types: `
      AgentEvent AgentSocketState AgentSocketStatus AllowedHtml AllowElement AutoScrollOptions
      AutoScrollResult ChatMessage ChatResult ChatRole ChatSession ChatSnapshot ChatStatus
      CodeHighlighter Components ComposerProps ConfirmExternalLink ConnectionBannerProps
      ConnectionStatus DataPart ErrorNoticeProps ExtraProps FinishInfo FinishOutcome FinishReason
      HighlightResult HighlightToken MathPlugins MessageListProps MessagePart MessageViewProps
      Pluggable PluggableList Plugin Preset ReadyState ReasoningPart RemarkRehypeOptions ResumeOptions
      SendPolicy SendResult StopButtonProps StreamErrorCode StreamingChatOptions
      StreamingMarkdownProps StreamInspectorProps StreamMetrics StreamMetricsView TextPart
      ThinkingIndicatorProps ToolCallBadgeProps ToolCallPart ToolCallState UrlTransform Usage
      WebSocketAgentOptions WebSocketAgentResult
      BranchInfo BranchTarget BranchPickerProps MessageEditorProps ToolCallLabels ToolApproval
      ToolDecisionOptions ToolOutcome OnToolCall ToolCallContext
      Chat
    `,
  },
  './markdown': {
    values: `
      AUTOLINK_BREAK createBlockSplitter createUrlPolicy DEFAULT_URL_POLICY_OPTIONS
      INCOMPLETE_LINK_URL normalizeLabel PENDING_REFERENCE_URL repairBlock repairInline repairMarkdown
      sanitizeUrl splitBlocks srcsetUrls URL_ATTRIBUTES
    `,
    types: `
      BlockSplit BlockSplitter BlockSplitterOptions InlineRepairOptions MarkdownBlock
      MarkdownBlockKind ReferenceForm ReferenceUse RepairOptions UrlKind UrlPolicy UrlPolicyOptions
      UrlVerdict OpenFence
    `,
  },
  './testing': {
    values: `
      buildScript createMockAgent createSeededRandom DEFAULT_PACING encodeAgentEvents encodeAgUi
      DEFAULT_MOCK_AGENT_OPTIONS DEFAULT_SCRIPT_OPTIONS
      encodeOpenAIChat encodePlainText encodeSocketMessage encodeSse getScenario longScenario rechunk
      scenarios scenarioText socketMessagesFor sseEvent tokenize
    `,
    types: `
      MockAgent MockAgentOptions MockAgentRequest MockDisconnect MockError MockHttpError
      MockInBandError MockSocketEvent MockSseFormat MockWebSocket MockWebSocketConstructor
      PacingOptions Scenario ScriptOptions SocketMessage
    `,
  },
  './testing/server': {
    values: `
      forwardTargetFromEnv MOCK_AGENT_CLI_USAGE parseMockAgentCliArgs readSseFaults
      DEFAULT_MOCK_AGENT_CLI_OPTIONS DEFAULT_MOCK_AGENT_SERVER_OPTIONS
      readWebSocketFaults runMockAgentCli startMockAgentCliServer startMockAgentServer
    `,
    types: `
      ForwardTarget MockAgentCliIo MockAgentCliOptions MockAgentCliServer MockAgentServer
      MockAgentServerOptions MockRequestRecord SocketFormat SseFaults WebSocketFaults
    `,
  },
  './server': {
    values: `
      createMemoryStore createRedisStore createResumableStreams DEFAULT_MEMORY_STORE_OPTIONS
      DEFAULT_NODE_HANDLER_OPTIONS DEFAULT_REDIS_STORE_OPTIONS DEFAULT_RESUMABLE_STREAMS_OPTIONS
      formatEventId parseEventId toNodeHandler
    `,
    types: `
      AgentEventSource AppendOutcome ChatRequestBody EventPosition EventProducer FetchHandler
      MemoryStoreOptions NodeHandlerOptions ReadOptions ReadResult RedisClientLike
      RedisStoreConnection RedisStoreOptions ResumableStore ResumableStreams ResumableStreamsOptions
      StartOptions StoredEvent StreamReader StreamState
    `,
  },
  './shiki': {
    values: `
      createShikiHighlighter SHIKI_HIGHLIGHTER_DEFAULTS
    `,
    types: `
      CodeHighlighter HighlightResult HighlightToken ShikiHighlighterOptions ShikiTheme
    `,
  },
}

const words = (list: string) => list.split(/\s+/).filter(Boolean).sort()

/** The source file of each entry, from package.json "exports" (./dist/entries/x.d.ts -> src/entries/x.ts). */
function entrySources(): Map<string, string> {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
    exports: Record<string, string | { types: string }>
  }
  const sources = new Map<string, string>()
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue // styles.css, package.json
    sources.set(subpath, target.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'))
  }
  return sources
}

/** Every name each file exports, split into values and type-only names, as TypeScript sees them. */
function exportedNames(files: readonly string[]): Map<string, { values: string[]; types: string[] }> {
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    jsx: ts.JsxEmit.ReactJSX,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  })
  const checker = program.getTypeChecker()
  const result = new Map<string, { values: string[]; types: string[] }>()
  for (const file of files) {
    const source = program.getSourceFile(file)
    const module = source && checker.getSymbolAtLocation(source)
    if (!module) throw new Error(`TypeScript cannot read ${file}`)
    const values: string[] = []
    const types: string[] = []
    for (const symbol of checker.getExportsOfModule(module)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
      ;(target.flags & ts.SymbolFlags.Value ? values : types).push(symbol.name)
    }
    result.set(file, { values: values.sort(), types: types.sort() })
  }
  return result
}

const sources = entrySources()
const exported = exportedNames([...sources.values()])

describe('the public names of each package entry', () => {
  it('has a pinned list for every entry in package.json and no list for an entry that is gone', () => {
    expect([...sources.keys()].sort()).toEqual(Object.keys(PUBLIC_NAMES).sort())
  })

  it.each([...sources])('%s (%s) exports exactly its pinned values and types', (subpath, file) => {
    const pinned = PUBLIC_NAMES[subpath]
    expect(exported.get(file)).toEqual({
      values: words(pinned?.values ?? ''),
      types: words(pinned?.types ?? ''),
    })
  })

  it.each([...sources])(
    '%s (%s) has at run time exactly the values TypeScript sees',
    async (subpath, file) => {
      const module: Record<string, unknown> = await import(/* @vite-ignore */ resolve(file))
      expect(Object.keys(module).sort()).toEqual(words(PUBLIC_NAMES[subpath]?.values ?? ''))
    },
  )
})
