// The pieces of scripts/e2e-package.ts: packing and writing the user's app (the
// README's "Using it in your app" snippets plus the few files a Vite + React + TypeScript app has).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { runProcess } from '../test/helpers/child-process.js'

/** `npm pack` of the built package into `destination`: the tarball's path and the files it holds. */
export async function packTarball(
  root: string,
  destination: string,
): Promise<{ tarball: string; files: string[] }> {
  if (!existsSync(join(root, 'dist/index.js')))
    throw new Error('dist/index.js is missing: run `npm run build` before this script')
  const { stdout } = await runProcess('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: root,
  })
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[]
  if (!packed) throw new Error(`npm pack printed no package:\n${stdout}`)
  return { tarball: join(destination, packed.filename), files: packed.files.map((file) => file.path) }
}

/**
 * The README's code fences between "## Using it in your app" and the next section whose first line
 * is `// <path>`: the files of the app, by path.
 */
export function readmeSnippets(readme: string): Map<string, string> {
  const start = readme.indexOf('## Using it in your app\n')
  if (start < 0) throw new Error('README.md has no "## Using it in your app" section')
  const end = readme.indexOf('\n## ', start + 1)
  const section = readme.slice(start, end < 0 ? undefined : end)
  const files = new Map<string, string>()
  for (const [, code] of section.matchAll(/```tsx?\n([\s\S]*?)```/g)) {
    const path = code?.match(/^\/\/ ([\w./-]+\.tsx?)\n/)?.[1]
    if (path) files.set(path, code as string)
  }
  return files
}

/** The files the README leaves to the app: an entry page, a root that renders the snippets, a Node check. */
const appFiles: Record<string, string> = {
  'index.html': `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>react-agent-stream from its tarball</title>
    <link rel="icon" href="data:," />
  </head>
  <body>
    <div id="root"></div>
    <script type="module" src="/src/main.tsx"></script>
  </body>
</html>
`,
  'src/main.tsx': `import { StrictMode } from 'react'
import type { ChatMessage } from 'react-agent-stream'
import { createRoot } from 'react-dom/client'
import { Answer } from './answer.js'
import { Chat } from './chat.js'

// A finished answer with each kind of part the README's Answer renders.
const finished: ChatMessage = {
  id: 'finished',
  role: 'assistant',
  parts: [
    { type: 'reasoning', text: 'The user asks for the weather.', state: 'done', startedAt: 0, durationMs: 1200 },
    {
      type: 'tool-call',
      id: 'call-1',
      name: 'get_weather',
      argsText: '{"city":"Paris"}',
      args: { city: 'Paris' },
      state: 'succeeded',
      result: { temperature: 18 },
    },
    { type: 'text', text: 'It is **18 °C**.\\n\\n\`\`\`ts\\nconst temperature: number = 18\\n\`\`\`\\n' },
  ],
}

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <section aria-label="Chat">
      <Chat />
    </section>
    <section aria-label="Parts">
      <Answer message={finished} streaming={false} />
    </section>
  </StrictMode>,
)
`,
  'node-entries.mjs': `// The Node entries as a server imports them: the memory store needs no redis, the mock needs ws.
import { createResumableStreams } from 'react-agent-stream/server'
import { startMockAgentServer } from 'react-agent-stream/testing/server'

const streams = createResumableStreams({
  async *events() {
    yield { type: 'text-delta', text: 'from the server entry' }
    yield { type: 'finish', reason: 'stop' }
  },
})
const response = await streams.handler(
  new Request('http://127.0.0.1/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'chat-1', messages: [] }),
  }),
)
const body = await response.text()
if (response.status !== 200 || !body.includes('from the server entry'))
  throw new Error(\`POST /api/chat answered \${response.status}: \${body}\`)

const mock = await startMockAgentServer({ port: 0 })
const health = await fetch(\`\${mock.url}/health\`).then((reply) => reply.json())
await mock.close()
if (health.ok !== true) throw new Error(\`the mock's /health answered \${JSON.stringify(health)}\`)
console.log('server entry: streamed; testing/server entry: healthy')
process.exit(0)
`,
}

/**
 * Strict, as a careful app sets it, and with every declaration file checked (the package's own
 * included, as the app compiles them). `tsconfig.exact.json` adds exactOptionalPropertyTypes, which
 * @types/node's own declarations do not pass, so that one skips the library check.
 */
const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    module: 'ESNext',
    moduleResolution: 'bundler',
    moduleDetection: 'force',
    jsx: 'react-jsx',
    types: ['vite/client', 'node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noFallthroughCasesInSwitch: true,
    noUncheckedSideEffectImports: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    skipLibCheck: false,
    noEmit: true,
  },
  include: ['src', 'vite.config.ts'],
}

/** Writes the app into `app`: package.json on the tarball (other versions as this repository pins them), config, README snippets. */
export function writeApp(root: string, app: string, tarball: string): void {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>
  }
  const pinned = (names: string[]) =>
    Object.fromEntries(
      names.map((name) => {
        const version = pkg.devDependencies[name]
        if (!version) throw new Error(`package.json has no devDependency ${name} to pin the app to`)
        return [name, version]
      }),
    )
  const files = new Map<string, string>(Object.entries(appFiles))
  files.set(
    'package.json',
    `${JSON.stringify(
      {
        name: 'react-agent-stream-package-check',
        private: true,
        type: 'module',
        dependencies: { 'react-agent-stream': `file:${tarball}`, ...pinned(['react', 'react-dom', 'shiki']) },
        devDependencies: pinned([
          '@types/node',
          '@types/react',
          '@types/react-dom',
          '@vitejs/plugin-react',
          'typescript',
          'vite',
        ]),
      },
      null,
      2,
    )}\n`,
  )
  files.set('tsconfig.json', `${JSON.stringify(tsconfig, null, 2)}\n`)
  const exact = {
    extends: './tsconfig.json',
    compilerOptions: { exactOptionalPropertyTypes: true, skipLibCheck: true },
  }
  files.set('tsconfig.exact.json', `${JSON.stringify(exact, null, 2)}\n`)
  const snippets = readmeSnippets(readFileSync(join(root, 'README.md'), 'utf8'))
  for (const path of [
    'vite.config.ts',
    'src/chat.tsx',
    'src/answer.tsx',
    'src/highlighter.ts',
    'src/shiki.ts',
  ]) {
    const code = snippets.get(path)
    if (code === undefined)
      throw new Error(`README.md's "Using it in your app" has no \`// ${path}\` snippet`)
    files.set(path, code)
  }
  for (const [path, text] of files) {
    mkdirSync(dirname(join(app, path)), { recursive: true })
    writeFileSync(join(app, path), text)
  }
}
