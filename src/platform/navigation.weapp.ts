/** WeChat keeps its own back stack and draws its own navigation bar: nothing to add. */
import type { PageNavigation } from './types'

export const pageNavigation: PageNavigation = {
  start: () => undefined
}
