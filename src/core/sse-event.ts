/**
 * One server-sent event block, as a server writes it: `event:` and `id:` when given, then the data,
 * one `data:` line per line (readers join them back with '\n'), then the blank line that ends it.
 * Used by the resumable stream server and by the mock agent, so both write the same bytes.
 */
export function encodeSseEvent(
  data: string,
  fields: { id?: string | undefined; event?: string | undefined } = {},
): string {
  const head = `${fields.event === undefined ? '' : `event: ${fields.event}\n`}${fields.id === undefined ? '' : `id: ${fields.id}\n`}`
  return `${head}${data
    .split('\n')
    .map((line) => `data: ${line}`)
    .join('\n')}\n\n`
}
