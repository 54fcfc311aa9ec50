/** A browser says whether it is online, and fires `online` / `offline` when that changes. */
import type { NetworkWatch } from './types'

export const network: NetworkWatch = {
  online: () => Promise.resolve(navigator.onLine),
  watch: (listener) => {
    const up = () => listener(true)
    const down = () => listener(false)
    window.addEventListener('online', up)
    window.addEventListener('offline', down)
    return () => {
      window.removeEventListener('online', up)
      window.removeEventListener('offline', down)
    }
  }
}
