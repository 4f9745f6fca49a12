/** A process-unique id with a prefix; good enough for message ids, not for security. */
export function createIdGenerator(prefix = 'msg'): () => string {
  const seed = Math.floor(Math.random() * 36 ** 4).toString(36)
  let counter = 0
  return () => `${prefix}-${seed}-${(counter++).toString(36)}`
}
