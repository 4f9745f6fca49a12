// Package checks on the build: publint, arethetypeswrong, and what those two cannot see.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, posix } from 'node:path'

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
for (const file of ['dist/core.js', 'dist/markdown.js', 'dist/testing-server.js', 'dist/server.js']) {
  if (/^["']use client["']/.test(readFileSync(file, 'utf8')))
    problems.push(`${file} must not be a client module`)
}
const core = readFileSync('dist/core.js', 'utf8')
if (/from ["']react(-dom)?["/]/.test(core)) problems.push('dist/core.js imports React')

/** The code a file loads on import: itself and the chunks it imports statically, transitively. */
function staticCode(file, seen = new Set()) {
  if (seen.has(file)) return ''
  seen.add(file)
  const code = readFileSync(file, 'utf8')
  let all = code
  for (const match of code.matchAll(/^import[^'"]*["'](\.{1,2}\/[^"']+)["']/gm))
    all += staticCode(join(dirname(file), match[1]), seen)
  return all
}
// The server entry runs in Node and edge runtimes: no React, and redis (an optional peer) only through
// the dynamic import in createRedisStore({ url }), so the memory store works without it installed.
const server = staticCode('dist/server.js')
if (/from ["']react(-dom)?["/]/.test(server)) problems.push('dist/server.js imports React')
if (/^import[^;]*["']redis["']/m.test(server)) problems.push('dist/server.js imports redis statically')

// package.json marks only CSS as having side effects, so a bundler drops a bare `import './chunk.js'`
// between our chunks (esbuild warns each time): the build must not emit one.
for (const file of readdirSync('dist', { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.js')) continue
  for (const [, target] of readFileSync(join('dist', file), 'utf8').matchAll(
    /^import\s*["'](\.{1,2}\/[^"']+\.js)["']/gm,
  ))
    problems.push(
      `dist/${file} imports ${target} only for its side effects, which package.json says it has none of`,
    )
}

// What `npm pack` ships: every relative link in a shipped markdown file must land on a shipped file
// (the registry page and node_modules have nothing else), and every bin must be shipped.
const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { encoding: 'utf8' }))[0]
const shipped = new Set(packed.files.map((file) => file.path))
for (const file of shipped) {
  if (!file.endsWith('.md')) continue
  for (const [, target] of readFileSync(file, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue
    const path = posix.normalize(posix.join(posix.dirname(file), target.split('#')[0]))
    if (!shipped.has(path)) problems.push(`${file} links to ${target}, which the package does not ship`)
  }
}
for (const [name, path] of Object.entries(pkg.bin ?? {})) {
  if (!shipped.has(posix.normalize(path))) problems.push(`bin ${name}: ${path} is not shipped`)
}
// Every file an npm script runs exists (a renamed script must not leave a dead `npm run` behind).
for (const [name, command] of Object.entries(pkg.scripts)) {
  for (const [path] of command.matchAll(/(?<![\w/.-])(?:scripts|bin|bench|demo)\/[\w./-]+\.(?:m?[jt]s|tsx)/g))
    if (!existsSync(path)) problems.push(`npm run ${name}: ${path} does not exist`)
}

if (problems.length > 0) {
  process.stderr.write(`Package check failed:\n- ${problems.join('\n- ')}\n`)
  process.exit(1)
}
process.stdout.write('package checks: all good\n')
