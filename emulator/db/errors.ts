/**
 * Errors in the shape the CloudBase database API answers with: `{code, message}` (HTTP 200).
 * wx-server-sdk maps `code` to a numeric errCode through its own table and keeps only `message` as text, so each
 * message starts with the code in brackets: function code can still tell a duplicate key from a conflict.
 */
export type DbErrorCode =
  | 'INVALID_PARAM'
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_INVALID_OPERRATOR'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'DATABASE_DUPLICATE_WRITE'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'

export class DbError extends Error {
  constructor(readonly code: DbErrorCode, detail: string) {
    super(`[${code}] ${detail}`)
  }
}

export const collectionNotExist = (name: string): DbError =>
  // The detail after the bracket is the text the real service returns (seen as errCode -502005 in wx-server-sdk).
  new DbError(
    'DATABASE_COLLECTION_NOT_EXIST',
    `Db or Table not exist: ${name}. Please check your request, but if the problem cannot be solved, contact us.`
  )

export const duplicateKey = (coll: string, index: string, key: string): DbError =>
  new DbError('DATABASE_DUPLICATE_WRITE', `E11000 duplicate key error collection: ${coll} index: ${index} dup key: ${key}`)

export const invalidParam = (detail: string): DbError => new DbError('INVALID_PARAM', detail)
