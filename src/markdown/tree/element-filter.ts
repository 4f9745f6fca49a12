import type { Element, HastParent, Root } from './hast.js'

/** react-markdown's element filters, with the same names and meaning. */
export interface ElementFilter {
  /** Only these tag names render (takes precedence over `disallowedElements`). */
  readonly allowedElements?: readonly string[] | undefined
  /** These tag names do not render. */
  readonly disallowedElements?: readonly string[] | undefined
  /** Called for each element left by the lists; falsy removes it. `index` and `parent` are within its block. */
  readonly allowElement?: AllowElement | undefined
  /** Keep the children of a removed element in its place. @default false */
  readonly unwrapDisallowed?: boolean | undefined
}

export type AllowElement = (
  element: Readonly<Element>,
  index: number,
  parent: Readonly<HastParent>,
) => unknown

/**
 * Removes (or unwraps) filtered elements, visiting in document order as react-markdown does: an
 * unwrapped element's children are checked in turn. Runs after the safety pass, as in react-markdown.
 */
export function filterElements(tree: Root, filter: ElementFilter): void {
  const { allowedElements, disallowedElements, allowElement, unwrapDisallowed } = filter
  if (!allowedElements && !disallowedElements && !allowElement) return
  const visit = (parent: HastParent) => {
    const children = parent.children as HastParent['children'][number][]
    let index = 0
    while (index < children.length) {
      const child = children[index]
      if (child?.type !== 'element') {
        index += 1
        continue
      }
      const listed = allowedElements
        ? !allowedElements.includes(child.tagName)
        : (disallowedElements?.includes(child.tagName) ?? false)
      if (listed || (allowElement && !allowElement(child, index, parent))) {
        children.splice(index, 1, ...(unwrapDisallowed ? child.children : []))
        continue
      }
      visit(child)
      index += 1
    }
  }
  visit(tree)
}
