/**
 * WGS-84 (what GPS and browsers report) to GCJ-02 (the datum of maps in China, WeChat's included). GCJ-02 is WGS-84
 * plus a published, smoothly varying offset on the Krasovsky ellipsoid — about 500 m around Lanzhou, enough to put a
 * respondent in the wrong neighbourhood. Outside China the datums agree and the point is returned as it is.
 */
import { isInChina, type GeoPoint } from '@core/survey/values'

/** Semi-major axis and first eccentricity squared of the Krasovsky 1940 ellipsoid. */
const A = 6378245.0
const EE = 0.006693421622965943

const wave = (t: number, p1: number, a1: number, p2: number, a2: number): number =>
  ((a1 * Math.sin(p1 * t * Math.PI) + a2 * Math.sin(p2 * t * Math.PI)) * 2) / 3

/** The offsets in metres-like units, as functions of the position relative to (105°E, 35°N). */
function latOffset(x: number, y: number): number {
  return -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) + wave(x, 6, 20, 2, 20) + wave(y, 1, 20, 1 / 3, 40) + wave(y, 1 / 12, 160, 1 / 30, 320)
}

function lngOffset(x: number, y: number): number {
  return 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) + wave(x, 6, 20, 2, 20) + wave(x, 1, 20, 1 / 3, 40) + wave(x, 1 / 12, 150, 1 / 30, 300)
}

export function wgs84ToGcj02(p: GeoPoint): GeoPoint {
  if (!isInChina(p)) return p
  const x = p.lng - 105
  const y = p.lat - 35
  const radLat = (p.lat / 180) * Math.PI
  const s = 1 - EE * Math.sin(radLat) ** 2
  const dLat = (latOffset(x, y) * 180) / (((A * (1 - EE)) / (s * Math.sqrt(s))) * Math.PI)
  const dLng = (lngOffset(x, y) * 180) / ((A / Math.sqrt(s)) * Math.cos(radLat) * Math.PI)
  return { lat: p.lat + dLat, lng: p.lng + dLng }
}
