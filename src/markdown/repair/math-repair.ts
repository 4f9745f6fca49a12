// Streaming repair for remark-math: what a reader sees mid-formula should not be raw TeX that
// disappears a moment later, nor a KaTeX error for a formula that is simply not finished yet.

/** An open inline formula is held back only this close to the end of the text. */
const maxHeldFormula = 160

/** Where the run `run` closes at or after `from` (a run of exactly its length), or -1. */
function closingRun(text: string, run: string, from: number): number {
  for (let index = text.indexOf(run, from); index !== -1; index = text.indexOf(run, index)) {
    const start = index
    while (text[index] === run[0]) index += 1
    if (index - start === run.length) return start
  }
  return -1
}

/**
 * Where a single-`$` formula opens and is still open at the end of `text`, or -1. Walks the text
 * as micromark does: a code span or formula opens on a run of backticks or dollars and closes on
 * the next run of the same length (no escapes inside), whichever opens first wins. Each search
 * either jumps past the span it found or ends the walk, so this is linear.
 */
function openInlineMath(text: string): number {
  const token = /\\[\s\S]|`+|\$+/g
  for (let match = token.exec(text); match; match = token.exec(text)) {
    const run = match[0]
    if (run[0] === '\\') continue
    const close = closingRun(text, run, token.lastIndex)
    if (close !== -1) token.lastIndex = close + run.length
    // An open code span or `$$` formula is closed by the inline repair: nothing after it is math.
    else return run === '$' ? match.index : -1
  }
  return -1
}

/** Plain words or a price after the `$`: more likely currency than TeX, so it is not held. */
function looksLikeProse(afterDollar: string): boolean {
  let bare = afterDollar.replace(/\\[A-Za-z]+/g, ' ')
  for (let round = 0; round < 4; round += 1) bare = bare.replace(/\{[^{}]*\}/g, ' ')
  return (
    /^\d[\d,.]*[ \t]+[A-Za-z]{2}/.test(afterDollar) ||
    /(?:^|[^A-Za-z\\])[A-Za-z]{2,}[\s,;:]+[A-Za-z]{2,}[\s,;:]+[A-Za-z]{2,}/.test(bare)
  )
}

/**
 * Cuts the text before a `$` formula that is still open (`Area $\pi r^`), so neither the raw `$`
 * nor half a formula shows and then vanishes when the closing `$` arrives. A `$` followed by
 * prose or a price, or opened more than 160 characters ago, is left as text.
 */
export function holdOpenInlineMath(text: string): string {
  const open = openInlineMath(text)
  if (open === -1 || text.length - open > maxHeldFormula || looksLikeProse(text.slice(open + 1))) return text
  return text.slice(0, open).trimEnd()
}

const texToken = /\\(begin|end|left|right)(?![A-Za-z])|\\[\s\S]|[{}]/g

/**
 * How many of the complete lines of an open `$$` block render without a TeX error: the longest
 * prefix where braces, `\begin`/`\end` and `\left`/`\right` balance. Lines after it are held.
 */
export function balancedMathLines(lines: readonly string[]): number {
  let braces = 0
  let environments = 0
  let delimiters = 0
  let balanced = 0
  lines.forEach((line, index) => {
    for (const [token, command] of line.matchAll(texToken)) {
      if (token === '{') braces += 1
      else if (token === '}') braces -= 1
      else if (command === 'begin') environments += 1
      else if (command === 'end') environments -= 1
      else if (command === 'left') delimiters += 1
      else if (command === 'right') delimiters -= 1
    }
    if (braces === 0 && environments === 0 && delimiters === 0) balanced = index + 1
  })
  return balanced
}
