/**
 * A browser reports WGS-84, a few hundred metres from the GCJ-02 points in our lists; for "about how far" and the
 * 15-minute circle that is close enough, and the page labels distances as approximate anyway (约 800 米). A browser
 * without geolocation, or a person who says no, gets the same answer as on weapp.
 */
import type { Locator } from './types'

const DENIED = { ok: false, code: 'FORBIDDEN', message: '没能获取位置。可以在浏览器设置里允许使用位置，或直接按名称找服务。' } as const

export const locator: Locator = {
  locate: () =>
    new Promise((resolve) => {
      if (typeof navigator === 'undefined' || !navigator.geolocation) {
        resolve(DENIED)
        return
      }
      navigator.geolocation.getCurrentPosition(
        (position) => resolve({ ok: true, point: { lat: position.coords.latitude, lng: position.coords.longitude } }),
        () => resolve(DENIED),
        { enableHighAccuracy: false, timeout: 10_000, maximumAge: 120_000 }
      )
    })
}
