// Gate: `{ StreamingMarkdown }` (react external) may weigh at most 5 kB (min+gzip) more than
// react-markdown + remark-gfm alone, both measured by size-limit in the same run.
import { spawnSync } from 'node:child_process'

const limit = 5000
const run = spawnSync('npx', ['size-limit', '--json'], { encoding: 'utf8' })
const results = JSON.parse(run.stdout.slice(run.stdout.indexOf('[')))
const size = (prefix) => results.find((entry) => entry.name.startsWith(prefix))?.size ?? Number.NaN
const ours = size('react-agent-stream { StreamingMarkdown }')
const base = size('react-markdown + remark-gfm alone')
const over = ours - base
process.stdout.write(
  `StreamingMarkdown ${ours} B, react-markdown + remark-gfm ${base} B: ${over} B more (limit ${limit} B)\n`,
)
process.exit(Number.isFinite(over) && over <= limit ? 0 : 1)
