/** WeChat loads subpackages (and says when one fails), keeps its back stack and draws its bar: nothing to add. */
import type { PageNavigation } from './types'

export const pageNavigation: PageNavigation = {
  start: () => undefined
}
