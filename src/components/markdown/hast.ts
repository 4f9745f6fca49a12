import type { Element, ElementContent, Root, RootContent } from 'hast'

export type HastParent = Root | Element
export type HastChild = RootContent | ElementContent

/** HTML void elements: React throws when one has children, so nothing may be put inside them. */
export const voidElements = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
])

/** Depth-first walk over elements; `visit` may replace the parent's children array in place. */
export function walkElements(
  parent: HastParent,
  visit: (element: Element, parent: HastParent) => void,
): void {
  const stack: HastParent[] = [parent]
  while (stack.length > 0) {
    const current = stack.pop()
    if (!current) break
    for (const child of current.children) {
      if (child.type !== 'element') continue
      visit(child, current)
      stack.push(child)
    }
  }
}

/** The concatenated text of a node. */
export function textOf(node: HastChild | Root): string {
  if (node.type === 'text') return node.value
  if (node.type === 'element' || node.type === 'root')
    return node.children.map((child) => textOf(child)).join('')
  return ''
}

export type { Element, ElementContent, Root, RootContent }
