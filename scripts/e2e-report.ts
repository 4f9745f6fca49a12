// The report of an end-to-end script: a ✓/✗ line per check as it runs, then {passed, failed} in the
// JSON file scripts/test-all.mjs reads, a summary line, and the exit code (1 when a check failed).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface E2eReport {
  /** Records a check: passed without `error`, failed with it (its message printed under the name). */
  record(name: string, error?: unknown): void
  /** Runs `check` and records how it went; never throws. */
  check(name: string, run: () => Promise<void>): Promise<void>
  /** Writes {passed, failed} to the report path, prints `<title>: N passed, M failed` and exits. */
  finish(): never
}

export function createE2eReport(path: string, title: string): E2eReport {
  let passed = 0
  let failed = 0
  const record = (name: string, error?: unknown) => {
    if (error === undefined) {
      passed++
      process.stdout.write(`  ✓ ${name}\n`)
    } else {
      failed++
      process.stdout.write(`  ✗ ${name}\n    ${error instanceof Error ? error.message : String(error)}\n`)
    }
  }
  return {
    record,
    check: (name, run) =>
      run().then(
        () => record(name),
        (error: unknown) => record(name, error),
      ),
    finish() {
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, JSON.stringify({ passed, failed }))
      process.stdout.write(`${title}: ${passed} passed, ${failed} failed\n`)
      process.exit(failed > 0 ? 1 : 0)
    },
  }
}

/** Throws `<what>: expected X, got Y` unless `actual === expected`. */
export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected)
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
}
