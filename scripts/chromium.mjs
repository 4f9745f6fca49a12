// Finds a Chromium for the browser tests. Never downloads a browser build.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const candidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
]

/** The first Chromium found: $CHROME_PATH, then the usual Debian / Chrome paths. Undefined when none. */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  return candidates.find((path) => existsSync(path))
}

/** The Chromium path for Playwright's executablePath (falls back to Debian's path so config loading never throws). */
export function chromiumPath() {
  return findChromium() ?? '/usr/bin/chromium'
}

/**
 * Makes sure a Chromium exists: returns its path, installs Debian's `chromium` with apt-get when
 * running as root on Debian, or throws an error that says what to install.
 */
export function ensureChromium() {
  const found = findChromium()
  if (found) return found
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (isRoot && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get')) {
    process.stdout.write("No Chromium found: installing Debian's chromium with apt-get...\n")
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    execFileSync(
      'apt-get',
      ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-liberation'],
      {
        stdio: 'inherit',
        env,
      },
    )
    const installed = findChromium()
    if (installed) return installed
  }
  throw new Error(
    'No Chromium found for the browser tests. Install one (Debian/Ubuntu: `apt-get install chromium`) ' +
      'or set CHROME_PATH to a Chromium or Chrome binary. The tests never download a browser.',
  )
}
