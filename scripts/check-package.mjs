// Package checks on the build: publint, arethetypeswrong, and what those two cannot see.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'

const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
const problems = []

function run(command, args) {
  process.stdout.write(`$ ${command} ${args.join(' ')}\n`)
  execFileSync(command, args, { stdio: 'inherit' })
}

run('npx', ['publint', '--strict'])
// The stylesheet is a plain file: type resolution does not apply to it.
run('npx', ['attw', '--pack', '.', '--profile', 'esm-only', '--exclude-entrypoints', './styles.css'])

for (const [subpath, target] of Object.entries(pkg.exports)) {
  const files = typeof target === 'string' ? [target] : Object.values(target)
  for (const file of files)
    if (!existsSync(file)) problems.push(`${subpath}: ${file} is missing from the build`)
}

const reactEntry = readFileSync('dist/index.js', 'utf8')
if (!/^["']use client["'];/.test(reactEntry)) problems.push("dist/index.js does not start with 'use client'")
for (const file of ['dist/core.js', 'dist/markdown.js', 'dist/testing-server.js']) {
  if (/^["']use client["']/.test(readFileSync(file, 'utf8')))
    problems.push(`${file} must not be a client module`)
}
const core = readFileSync('dist/core.js', 'utf8')
if (/from ["']react(-dom)?["/]/.test(core)) problems.push('dist/core.js imports React')

if (problems.length > 0) {
  process.stderr.write(`Package check failed:\n- ${problems.join('\n- ')}\n`)
  process.exit(1)
}
process.stdout.write('package checks: all good\n')
