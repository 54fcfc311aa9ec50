/**
 * A fresh id for one booking attempt (bookSchema's requestId): the function answers a repeat of the same id with the
 * same booking, so a retry after a lost answer never books twice. Unique enough per person; not a secret.
 */
export function newRequestId(): string {
  const random = Array.from({ length: 3 }, () => Math.floor(Math.random() * 0x100000000).toString(36)).join('')
  return `${Date.now().toString(36)}${random}`.slice(0, 32)
}
