// Real LangChain JS producers (fake chat models, no network) whose events the tests serialize as SSE
// the way a server would: `data: JSON.stringify(event)` per astream_events event, and
// `event: <mode>` + `data: JSON.stringify(chunk)` per LangGraph stream part.
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager'
import { BaseChatModel } from '@langchain/core/language_models/chat_models'
import { type AIMessage, AIMessageChunk, type BaseMessage, type ToolMessage } from '@langchain/core/messages'
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs'
import { RunnableLambda } from '@langchain/core/runnables'
import { tool } from '@langchain/core/tools'
import { END, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph'
import { z } from 'zod'

const multiply = tool(async ({ a, b }: { a: number; b: number }) => String(a * b), {
  name: 'multiply',
  description: 'Multiplies two numbers',
  schema: z.object({ a: z.number(), b: z.number() }),
})

/**
 * A scripted chat model on LangChain's real BaseChatModel machinery. (The bundled
 * FakeStreamingChatModel drops `tool_call_chunks` and message ids from its chunks, so streamed
 * tool-call arguments cannot be produced with it.)
 */
class ScriptedChatModel extends BaseChatModel {
  constructor(private readonly script: AIMessageChunk[]) {
    super({})
  }

  _llmType(): string {
    return 'scripted'
  }

  override async *_streamResponseChunks(
    _messages: BaseMessage[],
    _options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    for (const message of this.script) {
      const text = typeof message.content === 'string' ? message.content : ''
      const chunk = new ChatGenerationChunk({ message, text })
      yield chunk
      // This is what makes astream_events emit on_chat_model_stream (as real integrations do).
      await runManager?.handleLLMNewToken(text, undefined, undefined, undefined, undefined, { chunk })
    }
  }

  override async _generate(): Promise<ChatResult> {
    let merged: AIMessageChunk | undefined
    for (const message of this.script) merged = merged ? merged.concat(message) : message
    const message = merged ?? new AIMessageChunk({ content: '' })
    return { generations: [{ message, text: typeof message.content === 'string' ? message.content : '' }] }
  }
}

function toolCallModel(): ScriptedChatModel {
  return new ScriptedChatModel([
    new AIMessageChunk({
      content: '',
      id: 'ai-tool-1',
      tool_call_chunks: [{ name: 'multiply', args: '', id: 'call_mul_1', index: 0, type: 'tool_call_chunk' }],
    }),
    ...['{"a": 17', ', "b": 25}'].map(
      (args) =>
        new AIMessageChunk({
          content: '',
          id: 'ai-tool-1',
          tool_call_chunks: [{ args, index: 0, type: 'tool_call_chunk' }],
        }),
    ),
    new AIMessageChunk({ content: '', id: 'ai-tool-1', response_metadata: { finish_reason: 'tool_calls' } }),
  ])
}

function answerModel(): ScriptedChatModel {
  return new ScriptedChatModel(
    ['17 × 25', ' = **425**', '.'].map((content) => new AIMessageChunk({ content, id: 'ai-answer-1' })),
  )
}

/** astream_events v2 of a hand-rolled tool loop: model -> tool -> model, as SSE text. */
export async function langChainEventsSse(): Promise<string> {
  const agent = RunnableLambda.from(async (question: string, config) => {
    const first = (await toolCallModel().invoke(question, config)) as AIMessageChunk
    const call = first.tool_calls?.[0]
    if (!call) throw new Error('the fake model produced no tool call')
    const toolMessage = (await multiply.invoke({ ...call, type: 'tool_call' }, config)) as ToolMessage
    const answer = await answerModel().invoke([first, toolMessage], config)
    return answer.content
  })
  let sse = ''
  for await (const event of agent.streamEvents('What is 17 * 25?', { version: 'v2' })) {
    sse += `data: ${JSON.stringify(event)}\n\n`
  }
  return sse
}

/** A LangGraph agent (model node, tool node) streamed in several modes at once, as SSE text. */
export async function langGraphSse(
  streamMode: ('messages' | 'updates' | 'values' | 'custom')[],
): Promise<string> {
  let turn = 0
  const graph = new StateGraph(MessagesAnnotation)
    .addNode('agent', async (state, config) => {
      turn++
      const model = turn === 1 ? toolCallModel() : answerModel()
      const message = await model.invoke(state.messages, config)
      config.writer?.({ progress: `model turn ${turn}` })
      return { messages: [message] }
    })
    .addNode('tools', async (state) => {
      const last = state.messages[state.messages.length - 1] as AIMessage
      const results: BaseMessage[] = []
      for (const call of last.tool_calls ?? []) {
        results.push((await multiply.invoke({ ...call, type: 'tool_call' })) as ToolMessage)
      }
      return { messages: results }
    })
    .addEdge(START, 'agent')
    .addConditionalEdges('agent', (state) => {
      const last = state.messages[state.messages.length - 1] as AIMessage
      return (last.tool_calls?.length ?? 0) > 0 ? 'tools' : END
    })
    .addEdge('tools', 'agent')
    .compile()
  let sse = ''
  const stream = await graph.stream(
    { messages: [{ role: 'user', content: 'What is 17 * 25?' }] },
    { streamMode },
  )
  for await (const [mode, chunk] of stream as AsyncIterable<[string, unknown]>) {
    sse += `event: ${mode}\ndata: ${JSON.stringify(chunk)}\n\n`
  }
  return `${sse}event: end\ndata: null\n\n`
}
