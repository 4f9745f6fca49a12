// Finds a Python with FastAPI, Uvicorn, websockets and redis for the FastAPI example. Never uses pip.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const modules = ['fastapi', 'uvicorn', 'websockets', 'redis']
const debianPackages = ['python3-fastapi', 'python3-uvicorn', 'python3-websockets', 'python3-redis']

/** The Python to run the example with: $PYTHON, else Debian's /usr/bin/python3, else python3 on PATH. */
export function pythonPath() {
  if (process.env.PYTHON) return process.env.PYTHON
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
}

/** The modules the example needs that `python` cannot import (all of them when python is missing). */
export function missingPythonModules(python = pythonPath()) {
  return modules.filter(
    (name) => spawnSync(python, ['-c', `import ${name}`], { stdio: 'ignore' }).status !== 0,
  )
}

/**
 * Makes sure the FastAPI example can run: returns the Python path, installs Debian's
 * python3-fastapi, python3-uvicorn, python3-websockets and python3-redis with apt-get when running
 * as root on Debian, or throws an error that says what to install.
 */
export function ensurePythonDeps() {
  const python = pythonPath()
  const missing = missingPythonModules(python)
  if (missing.length === 0) return python
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (isRoot && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get')) {
    process.stdout.write(`Python modules missing (${missing.join(', ')}): installing Debian's packages...\n`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...debianPackages], {
      stdio: 'inherit',
      env,
    })
    if (missingPythonModules('/usr/bin/python3').length === 0) return '/usr/bin/python3'
  }
  throw new Error(
    `The FastAPI example needs the Python modules ${missing.join(', ')} (found missing for ${python}). ` +
      `Install them (Debian/Ubuntu: \`apt-get install ${debianPackages.join(' ')}\`; elsewhere: ` +
      '`pip install fastapi uvicorn websockets redis` in a virtualenv and set PYTHON to its python).',
  )
}
