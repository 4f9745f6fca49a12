// `npm test`: every test layer, in order, and one closing line "N passed, N failed".
// Steps: Chromium check, type-check, lint + format check, library build, package checks, sizes,
// speed budgets, vitest (node, jsdom, React 18, real Chromium, Storybook stories), the playground,
// the backend examples and resumable streams end to end, and the packed package in a fresh app.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { ensureChromium } from './chromium.mjs'

mkdirSync('.ci-out', { recursive: true })
const results = []
let passed = 0
let failed = 0

function step(name, command, args, options = {}) {
  process.stdout.write(`\n::: ${name}\n`)
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit', ...options })
  const ok = result.status === 0
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  results.push({ name, ok, seconds })
  process.stdout.write(
    `::: ${name}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds}s\n`,
  )
  return ok
}

process.stdout.write('::: chromium\n')
try {
  const chromium = ensureChromium()
  process.env.CHROME_PATH = chromium
  process.stdout.write(`using ${chromium}\n`)
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
}

step('type-check', 'npx', ['tsc', '--noEmit'])
step('lint and format check', 'npm', ['run', '-s', 'lint'])
const built = step('library build', 'npm', ['run', '-s', 'build'])
if (built) {
  step('package checks (publint, attw, entries)', 'npm', ['run', '-s', 'check:package'])
  step('bundle sizes (size-limit budgets)', 'npm', ['run', '-s', 'size'])
  step('StreamingMarkdown bundle over react-markdown + remark-gfm (gate 7.8 kB)', 'node', [
    'scripts/check-markdown-overhead.mjs',
  ])
}
step('speed budgets (ratios against the peers, same run)', 'npx', ['tsx', 'bench/speed-budgets.ts'])

// React 18 for the react18 project lives in its own small lockfile (it cannot share node_modules with 19).
if (!existsSync('test/react18/node_modules/react-dom')) {
  step('install React 18 for the react18 project', 'npm', [
    'ci',
    '--prefix',
    'test/react18',
    '--no-audit',
    '--no-fund',
  ])
}

const vitestReport = '.ci-out/vitest.json'
step('vitest: node, jsdom, react18, browser, storybook', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
])
if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests
  if (report.numTotalTests === 0) failed += 1
}

/** Runs an end-to-end script, which writes {passed, failed} to `report`, and adds its counts. */
function e2eStep(name, script, report) {
  step(name, 'npx', ['tsx', script, report])
  if (!existsSync(report)) return
  const counts = JSON.parse(readFileSync(report, 'utf8'))
  passed += counts.passed
  failed += counts.failed
}

e2eStep('playground end to end in Chromium', 'scripts/e2e-demo.ts', '.ci-out/e2e-demo.json')
e2eStep(
  'backend examples (FastAPI, Node) end to end in Chromium',
  'scripts/e2e-examples.ts',
  '.ci-out/e2e-examples.json',
)
e2eStep(
  'resumable streams end to end in Chromium (two instances, one Redis, a proxy)',
  'scripts/e2e-resume.ts',
  '.ci-out/e2e-resume.json',
)
if (built) {
  e2eStep(
    'packed package: the tarball in a fresh Vite + React app, README snippets in Chromium',
    'scripts/e2e-package.ts',
    '.ci-out/e2e-package.json',
  )
}

process.stdout.write('\n::: summary\n')
for (const { name, ok, seconds } of results)
  process.stdout.write(`${ok ? 'ok    ' : 'FAILED'} ${name} (${seconds}s)\n`)
const failedSteps = results.filter((result) => !result.ok).length
// A failed step that is not a test runner (type-check, lint, build...) counts as one failure.
const testRunners = ['vitest', 'playground', 'backend examples', 'resumable streams', 'packed package']
const stepFailures = results.filter(
  (r) => !r.ok && !testRunners.some((name) => r.name.startsWith(name)),
).length
failed += stepFailures
if (failedSteps > 0 && failed === 0) failed = failedSteps
process.stdout.write(`${passed} passed, ${failed} failed\n`)
process.exit(failed > 0 ? 1 : 0)
