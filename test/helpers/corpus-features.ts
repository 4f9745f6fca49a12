// What markdown a corpus document exercises, read from its syntax tree (micromark with GFM, as
// react-markdown + remark-gfm parse it): the corpus test checks each manifest entry's claims.
import type { Nodes, Root } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { gfm } from 'micromark-extension-gfm'
import type { CorpusFeature } from '../fixtures/markdown-corpus/manifest.js'

function walk(
  node: Nodes,
  parent: Nodes | undefined,
  visit: (node: Nodes, parent: Nodes | undefined) => void,
) {
  visit(node, parent)
  if ('children' in node) for (const child of node.children) walk(child as Nodes, node, visit)
}

/** The features `text` shows (`badges` counts reference images inside reference links). */
export function corpusFeatures(text: string): Set<CorpusFeature> {
  const tree: Root = fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] })
  const features = new Set<CorpusFeature>()
  const footnotes: number[] = []
  let lastBody = 0
  walk(tree, undefined, (node, parent) => {
    const offset = node.position?.start.offset ?? 0
    if (node.type === 'linkReference' || node.type === 'imageReference') {
      features.add(`${node.referenceType}-references`)
      if (node.type === 'imageReference' && parent?.type === 'linkReference') features.add('badges')
    }
    if (node.type === 'footnoteDefinition') footnotes.push(offset)
    if (node.type === 'table') features.add('tables')
    if (node.type === 'list' && parent?.type === 'listItem') features.add('nested-lists')
    if (node.type === 'listItem' && typeof node.checked === 'boolean') features.add('task-lists')
    if (node.type === 'html') features.add('html')
    if (node.type === 'code') features.add('code')
    if ((node.type === 'code' || node.type === 'inlineCode') && /\[\^[^\]\s]+\]/.test(node.value))
      features.add('footnote-syntax-in-code')
    if (node.type === 'text' && /\[[^\]\n]+\]/.test(node.value)) features.add('undefined-brackets')
    if (parent === tree && node.type !== 'definition' && node.type !== 'footnoteDefinition') lastBody = offset
  })
  if (footnotes.some((offset) => offset < lastBody)) features.add('footnotes-mid-body')
  if (footnotes.some((offset) => offset > lastBody)) features.add('footnotes-at-end')
  return features
}
