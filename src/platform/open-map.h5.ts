/**
 * A browser has no map of its own: Amap's marker page shows the centre (the coordinates are GCJ-02, Amap's own) and
 * on a phone offers to open the Amap app to route there. A new tab keeps the app where it was.
 */
import type { MapOpener } from './types'

export const mapOpener: MapOpener = {
  open: (place) => {
    const query = [
      `position=${place.lng},${place.lat}`,
      `name=${encodeURIComponent(place.name)}`,
      'coordinate=gaode',
      'callnative=1',
      'src=youlin-space'
    ].join('&')
    window.open(`https://uri.amap.com/marker?${query}`, '_blank', 'noopener')
    return Promise.resolve(undefined)
  }
}
