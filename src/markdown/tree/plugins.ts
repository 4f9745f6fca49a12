// remark and rehype plugins without unified: the part of its plugin contract a renderer needs.
// An attacher is called once, with a processor whose `data()` it may read and extend (that is how
// remark-gfm and remark-math add parser extensions), and may return a transformer `(tree, file)`.
// Lists, `[plugin, ...options]` tuples, presets, `false` to turn a plugin off and one attachment
// per plugin (later options merge into the first) follow unified 11.

/** A remark or rehype plugin (an attacher, unified's `Plugin`). */
// biome-ignore lint/suspicious/noExplicitAny: a plugin's `this` and options are its own (unified's Processor, its Options)
export type Plugin = (this: any, ...options: any[]) => unknown

/** A plugin, a plugin with its options, or a preset; the shape unified's `use` takes. */
export type Pluggable = Plugin | readonly [Plugin, ...unknown[]] | Preset

export type PluggableList = readonly Pluggable[]

/** Plugins and settings used together (unified's `Preset`). */
export interface Preset {
  readonly plugins?: PluggableList | null | undefined
  readonly settings?: Readonly<Record<string, unknown>> | null | undefined
}

/** The file handed to transformers: its text, a data bag and the messages plugins leave. */
export interface PluginFile {
  readonly value: string
  readonly data: Record<string, unknown>
  readonly messages: Error[]
  message(reason: unknown): Error
  info(reason: unknown): Error
  fail(reason: unknown): never
  toString(): string
}

type Transformer<Tree> = (
  tree: Tree,
  file: PluginFile,
  next?: (error?: unknown, tree?: Tree) => void,
) => unknown

/** Plugins attached once: the shared data, then transformers for the markdown tree and the HTML tree. */
export interface AttachedPlugins<Markdown, Html> {
  readonly data: Readonly<Record<string, unknown>>
  readonly markdown: readonly Transformer<Markdown>[]
  readonly html: readonly Transformer<Html>[]
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/** Deep merge of plain objects (arrays and other values are replaced), as unified merges options. */
function merge(target: unknown, source: unknown): unknown {
  if (!isPlainObject(target) || !isPlainObject(source)) return source
  const result: Record<string, unknown> = { ...target }
  for (const [key, value] of Object.entries(source)) result[key] = merge(result[key], value)
  return result
}

/** Attaches remark plugins, then rehype plugins, on one processor (they share `data()`). */
export function attachPlugins<Markdown, Html>(
  remarkPlugins: PluggableList,
  rehypePlugins: PluggableList,
): AttachedPlugins<Markdown, Html> {
  let data: Record<string, unknown> = {}
  const attachers: [plugin: Plugin, options: unknown[], html: boolean][] = []
  const processor = {
    data(...parameters: [key?: string | Record<string, unknown>, value?: unknown]) {
      const [key, value] = parameters
      if (typeof key === 'string') {
        // `data(key, undefined)` sets: unified tells a getter from a setter by the argument count.
        if (parameters.length === 2) {
          data[key] = value
          return processor
        }
        return Object.hasOwn(data, key) ? data[key] : undefined
      }
      if (key) {
        data = key
        return processor
      }
      return data
    },
  }
  const addList = (list: PluggableList | null | undefined, html: boolean) => {
    for (const entry of list ?? []) add(entry, html)
  }
  const add = (entry: Pluggable, html: boolean) => {
    if (typeof entry === 'function') return addPlugin(entry, [], html)
    if (Array.isArray(entry)) {
      const [plugin, ...options] = entry as readonly [Plugin, ...unknown[]]
      return addPlugin(plugin, options, html)
    }
    if (typeof entry !== 'object' || entry === null) {
      throw new TypeError(`StreamingMarkdown: expected a plugin, not \`${String(entry)}\``)
    }
    const preset = entry as Preset
    addList(preset.plugins, html)
    if (preset.settings) data.settings = merge(data.settings, preset.settings)
  }
  const addPlugin = (plugin: Plugin, options: unknown[], html: boolean) => {
    const existing = attachers.find((attacher) => attacher[0] === plugin)
    if (!existing) attachers.push([plugin, options, html])
    else if (options.length > 0) existing[1] = [merge(existing[1][0], options[0]), ...options.slice(1)]
  }
  addList(remarkPlugins, false)
  addList(rehypePlugins, true)

  const markdown: Transformer<Markdown>[] = []
  const htmlTransformers: Transformer<Html>[] = []
  for (const [plugin, options, html] of attachers) {
    if (options[0] === false) continue
    const transformer = plugin.call(
      processor,
      ...(options[0] === true ? [undefined, ...options.slice(1)] : options),
    )
    if (typeof transformer !== 'function') continue
    if (html) htmlTransformers.push(transformer as Transformer<Html>)
    else markdown.push(transformer as Transformer<Markdown>)
  }
  return { data, markdown, html: htmlTransformers }
}

/** A fresh file for one render. */
export function createPluginFile(value: string): PluginFile {
  const messages: Error[] = []
  const message = (reason: unknown) => {
    const error = reason instanceof Error ? reason : new Error(String(reason))
    messages.push(error)
    return error
  }
  return {
    value,
    data: {},
    messages,
    message,
    info: message,
    fail(reason) {
      throw message(reason)
    },
    toString: () => value,
  }
}

const asyncPlugin =
  'StreamingMarkdown: a plugin finished asynchronously; plugins must transform the tree synchronously'

/** Runs transformers in order; one may return a new tree. Synchronous only, like react-markdown's `Markdown`. */
export function runTransformers<Tree>(
  tree: Tree,
  transformers: readonly Transformer<Tree>[],
  file: PluginFile,
): Tree {
  let current = tree
  for (const transformer of transformers) {
    let result: unknown
    if (transformer.length > 2) {
      let done = false
      let failure: unknown
      transformer(current, file, (error, next) => {
        done = true
        failure = error
        result = next
      })
      if (!done) throw new Error(asyncPlugin)
      if (failure) throw failure
    } else {
      result = transformer(current, file)
      if (result instanceof Error) throw result
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function')
        throw new Error(asyncPlugin)
    }
    if (result) current = result as Tree
  }
  return current
}
