// Loads the markdown corpus (test/fixtures/markdown-corpus/manifest.ts) for the wrong-frame test
// and bench, and judges frames the way both count them.
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { type CorpusEntry, corpus } from '../fixtures/markdown-corpus/manifest.js'

export type { CorpusEntry, CorpusKind } from '../fixtures/markdown-corpus/manifest.js'
export { collapseText, countFrame, type FrameCounts } from './frames.js'

export interface CorpusDocument extends CorpusEntry {
  readonly text: string
  /** Characters of the original file left out by the cap (0 when it is whole). */
  readonly cut: number
}

const definitionStart = /^ {0,3}\[[^\]]+\]:/

/**
 * The first `limit` characters of `text`, cut at a blank line outside code fences, followed by the
 * definitions that stood after the cut (link reference and footnote definition paragraphs): a
 * README capped this way still defines its references at the end, as the whole file does.
 */
export function capDocument(text: string, limit: number): string {
  if (text.length <= limit) return text
  const lines = text.split('\n')
  let fence: string | undefined
  let length = 0
  let cutLine = 0
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? ''
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence === undefined && marker) fence = marker
    else if (fence !== undefined && marker?.startsWith(fence) && line.trim() === marker) fence = undefined
    length += line.length + 1
    if (length > limit) break
    if (fence === undefined && line.trim() === '') cutLine = index
  }
  const kept = lines.slice(0, cutLine)
  const definitions: string[] = []
  // Paragraphs after the cut that start with a definition, with their continuation lines.
  let inDefinition = false
  fence = undefined
  for (const line of lines.slice(cutLine)) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence === undefined && marker) fence = marker
    else if (fence !== undefined && marker?.startsWith(fence) && line.trim() === marker) fence = undefined
    if (fence !== undefined || line.trim() === '') {
      if (line.trim() === '' && inDefinition) definitions.push('')
      inDefinition = inDefinition && line.trim() === '' ? false : inDefinition
      continue
    }
    if (definitionStart.test(line)) inDefinition = true
    else if (!inDefinition) continue
    definitions.push(line)
  }
  return `${kept.join('\n')}\n\n${definitions.join('\n')}`.trimEnd().concat('\n')
}

/** Every corpus document, read and capped to `limit` characters; a missing file throws, naming it. */
export function loadCorpus(
  limit = Number.POSITIVE_INFINITY,
  entries: readonly CorpusEntry[] = corpus,
): CorpusDocument[] {
  const missing = entries.filter((entry) => !existsSync(resolve(entry.path)))
  if (missing.length > 0) {
    throw new Error(
      `markdown corpus: ${missing.map((entry) => entry.path).join(', ')} not found. The corpus reads ` +
        'documents that `npm ci` installs (pinned by package-lock.json): run `npm ci`, or update ' +
        'test/fixtures/markdown-corpus/manifest.ts if a package was upgraded or removed.',
    )
  }
  return entries.map((entry) => {
    const whole = readFileSync(resolve(entry.path), 'utf8')
    const text = capDocument(whole, limit)
    return { ...entry, text, cut: Math.max(0, whole.length - text.length) }
  })
}

/** Documents longer than this many characters are capped (see `capDocument`) in the test and the bench. */
export const corpusCap = 16 * 1024
