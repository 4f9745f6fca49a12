/**
 * `text.startsWith(prefix)` for long strings. V8 runs `startsWith` a character at a time (about
 * 1 ms for 200 KB), while `===` on the slice compares memory: a check that streamed text only grew
 * must stay cheap on every update.
 */
export function extendsText(text: string, prefix: string): boolean {
  return text.length >= prefix.length && text.slice(0, prefix.length) === prefix
}
