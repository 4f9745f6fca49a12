// Gate: what `{ StreamingMarkdown }` (react external) weighs (min+gzip) over react-markdown +
// remark-gfm alone, both measured by size-limit in the same run. The goal of issue 6 was 5 kB; the
// reference and footnote planning and the repair cases of issue 16 (wrong frames on real documents)
// add about 3 kB, the streaming code block's line groups about 1 kB, and the splitter's open-fence
// record (issue 17) about 0.1 kB, the markdown modules' DEFAULT_* constants (issue 17) about 0.1 kB,
// so the gate is 7.8 kB (see docs/markdown.md, "Bundle").
import { spawnSync } from 'node:child_process'

const goal = 7800
const run = spawnSync('npx', ['size-limit', '--json'], { encoding: 'utf8' })
const results = JSON.parse(run.stdout.slice(run.stdout.indexOf('[')))
const size = (prefix) => results.find((entry) => entry.name.startsWith(prefix))?.size ?? Number.NaN
const ours = size('react-agent-stream { StreamingMarkdown }')
const base = size('react-markdown + remark-gfm alone')
const over = ours - base
process.stdout.write(
  `StreamingMarkdown ${ours} B, react-markdown + remark-gfm ${base} B: ${over} B more (goal: at most ${goal} B)\n`,
)
process.exit(Number.isFinite(over) && over <= goal ? 0 : 1)
