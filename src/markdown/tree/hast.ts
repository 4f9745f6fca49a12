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

/**
 * Depth-first walk over elements in document order (a footnote's repeated references are numbered
 * in the order they appear); `visit` may replace the element's own or its parent's children array.
 */
export function walkElements(
  parent: HastParent,
  visit: (element: Element, parent: HastParent) => void,
): void {
  const stack: [Element, HastParent][] = []
  const pushChildren = (node: HastParent) => {
    const children = node.children
    for (let index = children.length - 1; index >= 0; index -= 1) {
      const child = children[index]
      if (child?.type === 'element') stack.push([child, node])
    }
  }
  pushChildren(parent)
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [element, owner] = next
    visit(element, owner)
    pushChildren(element)
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
