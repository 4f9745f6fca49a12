// `npm run bench`: every bench/*.bench.ts in one run. Each prints its own tables; nothing is asserted.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'

const only = process.argv.slice(2)
const files = readdirSync('bench')
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort()
let failures = 0
for (const file of files) {
  process.stdout.write(`\n## ${file}\n\n`)
  const result = spawnSync('npx', ['tsx', `bench/${file}`], { stdio: 'inherit' })
  if (result.status !== 0) failures++
}
process.exit(failures > 0 ? 1 : 0)
