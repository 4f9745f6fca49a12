// Bundle budgets (size-limit, esbuild, min+gzip). A JS config rather than JSON for the entries
// that measure code splitting: the hooks load the session engine with the SSE transport (after
// their first render) and the protocol registry (for 'auto' or a name) with dynamic imports, so
// "loaded up front" bundles with splitting and counts only the entry and the chunks it imports
// statically, and "with its lazy chunks" counts every chunk. Issue 17's target: `{ useStreamingChat }`
// with one protocol object at most 10 kB up front.
import { resolve } from 'node:path'

const react = ['react', 'react-dom']

/** Bundles with code splitting, so a dynamic import becomes a chunk of its own instead of inline. */
function withSplitting(config) {
  return { ...config, splitting: true, format: 'esm' }
}

/**
 * Keeps in the measured outputs only what loads with the entry: the entry chunk and the chunks
 * reached from it by static imports. The chunks only an import() reaches are left out.
 */
const upFrontOnly = {
  name: 'up-front-only',
  setup(build) {
    const entries = new Set(build.initialOptions.entryPoints.map((entry) => resolve(entry)))
    build.onEnd((result) => {
      const outputs = result.metafile.outputs
      const loaded = new Set()
      const visit = (key) => {
        if (loaded.has(key) || outputs[key] === undefined) return
        loaded.add(key)
        for (const item of outputs[key].imports) if (item.kind === 'import-statement') visit(item.path)
      }
      for (const [key, output] of Object.entries(outputs))
        if (output.entryPoint !== undefined && entries.has(resolve(output.entryPoint))) visit(key)
      for (const key of Object.keys(outputs)) if (!loaded.has(key)) delete outputs[key]
    })
  },
}

function upFront(config) {
  return { ...withSplitting(config), plugins: [...(config.plugins ?? []), upFrontOnly] }
}

export default [
  {
    name: 'react-agent-stream (everything, react external)',
    path: 'dist/index.js',
    gzip: true,
    ignore: react,
    limit: '105.4 kB',
  },
  {
    name: 'react-agent-stream { useStreamingChat }',
    path: 'dist/index.js',
    import: '{ useStreamingChat }',
    gzip: true,
    ignore: react,
    limit: '36.4 kB',
  },
  {
    name: 'react-agent-stream { useStreamingChat } loaded up front',
    import: { 'dist/index.js': '{ useStreamingChat }' },
    modifyEsbuildConfig: upFront,
    gzip: true,
    ignore: react,
    limit: '5.2 kB',
  },
  {
    name: "react-agent-stream { useStreamingChat } with its lazy chunks (protocol 'auto' or a name)",
    import: { 'dist/index.js': '{ useStreamingChat }' },
    modifyEsbuildConfig: withSplitting,
    gzip: true,
    ignore: react,
    limit: '37.1 kB',
  },
  {
    name: 'react-agent-stream { useStreamingChat } + /protocols/openai-chat loaded up front',
    import: {
      'dist/index.js': '{ useStreamingChat }',
      'dist/protocols/openai-chat.js': '{ openAIChatProtocol }',
    },
    modifyEsbuildConfig: upFront,
    gzip: true,
    ignore: react,
    limit: '7.4 kB',
  },
  {
    // The largest decoder (LangGraph, with the LangChain message model): issue 17's 10 kB holds for any one protocol.
    name: 'react-agent-stream { useStreamingChat } + /protocols/langgraph loaded up front',
    import: {
      'dist/index.js': '{ useStreamingChat }',
      'dist/protocols/langgraph.js': '{ langGraphProtocol }',
    },
    modifyEsbuildConfig: upFront,
    gzip: true,
    ignore: react,
    limit: '10 kB',
  },
  {
    name: 'react-agent-stream { useStreamingChat } + /protocols/openai-chat with its lazy chunks',
    import: {
      'dist/index.js': '{ useStreamingChat }',
      'dist/protocols/openai-chat.js': '{ openAIChatProtocol }',
    },
    modifyEsbuildConfig: withSplitting,
    gzip: true,
    ignore: react,
    limit: '37.9 kB',
  },
  {
    name: 'react-agent-stream { useStreamingChat } + /core { openAIChatProtocol } loaded up front (esbuild)',
    import: { 'dist/index.js': '{ useStreamingChat }', 'dist/core.js': '{ openAIChatProtocol }' },
    modifyEsbuildConfig: upFront,
    gzip: true,
    ignore: react,
    limit: '36.7 kB',
  },
  {
    name: 'react-agent-stream { StreamingMarkdown }',
    path: 'dist/index.js',
    import: '{ StreamingMarkdown }',
    gzip: true,
    ignore: react,
    limit: '59 kB',
  },
  {
    name: 'react-markdown + remark-gfm alone (the baseline for StreamingMarkdown)',
    path: 'bench/markdown/baseline.mjs',
    gzip: true,
    ignore: react,
    limit: '55 kB',
  },
  {
    name: 'react-agent-stream/core',
    path: 'dist/core.js',
    gzip: true,
    limit: '37.7 kB',
  },
  {
    name: 'react-agent-stream/markdown',
    path: 'dist/markdown.js',
    gzip: true,
    limit: '11 kB',
  },
  {
    name: 'react-agent-stream/testing',
    path: 'dist/testing.js',
    gzip: true,
    limit: '6.7 kB',
  },
  {
    name: 'react-agent-stream/shiki (shiki itself external)',
    path: 'dist/shiki.js',
    gzip: true,
    ignore: ['shiki'],
    limit: '1.5 kB',
  },
]
