/**
 * Strict sameness for differential tests of the local database: what toEqual lets pass is not enough when a fast
 * path must give exactly what the general one gives. Primitives by Object.is (-0 is not 0), objects with the same
 * prototype and the same keys in the same order, arrays with the same length and holes, Dates by time.
 * Returns the path of the first difference, or undefined when the values are the same.
 */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (Object.is(a, b)) return undefined
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path}: ${describe(a)} vs ${describe(b)}`
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: different kinds of object`
  if (a instanceof Date) return Object.is(a.getTime(), (b as Date).getTime()) ? undefined : `${path}: dates differ`
  if (a instanceof RegExp) return b instanceof RegExp && String(a) === String(b) ? undefined : `${path}: patterns differ`
  if (Buffer.isBuffer(a)) return a.equals(b as Buffer) ? undefined : `${path}: bytes differ`
  if (Array.isArray(a)) {
    const other = b as unknown[]
    if (a.length !== other.length) return `${path}: length ${a.length} vs ${other.length}`
    for (let i = 0; i < a.length; i++) {
      if (i in a !== i in other) return `${path}[${i}]: hole in one only`
      const d = firstDifference(a[i], other[i], `${path}[${i}]`)
      if (d) return d
    }
    return undefined
  }
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.join('\u0000') !== keysB.join('\u0000')) return `${path}: keys [${keysA.join(', ')}] vs [${keysB.join(', ')}]`
  for (const key of keysA) {
    const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`)
    if (d) return d
  }
  return undefined
}

function describe(value: unknown): string {
  if (typeof value === 'number' && Object.is(value, -0)) return '-0'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object'
  return String(value)
}
