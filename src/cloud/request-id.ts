/**
 * A fresh id for one attempt at an action the function de-duplicates (bookSchema's requestId): the function answers a
 * repeat of the same id with the same result, so a retry after a lost answer never acts twice. It lives with the cloud
 * client because it is a property of calling, not of booking. Unique enough per person; not a secret.
 */
export function newRequestId(): string {
  const random = Array.from({ length: 3 }, () => Math.floor(Math.random() * 0x100000000).toString(36)).join('')
  return `${Date.now().toString(36)}${random}`.slice(0, 32)
}
