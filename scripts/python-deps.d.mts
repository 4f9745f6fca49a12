export function pythonPath(): string
export function missingPythonModules(python?: string): string[]
export function ensurePythonDeps(): string
