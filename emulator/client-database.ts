/**
 * The database as a client (mini-program or web SDK) would reach it directly, held to the security rules of
 * database.rules.json — the file that deploys (scripts/build/database-rules.ts). The server SDK's `/admin` door is not
 * subject to rules, as on CloudBase, where rules bind only client requests.
 *
 * The file is read again whenever it changes on disk, so what the local cloud enforces is always what would deploy.
 * Rule expressions (`doc._openid == auth.openid`) are not evaluated here: they grant nothing locally, which errs
 * towards refusing; the project's own rules are all `false`.
 */
import fs from 'fs'
import { readDatabaseRules, ruleFor, type DatabaseRules, type RuleAccess } from '../scripts/build/database-rules'

/** Which rule each client action is checked against; any other action is not available to clients at all. */
const ACCESS_OF_ACTION: Record<string, RuleAccess> = {
  'database.getDocument': 'read',
  'database.calculateDocument': 'read',
  'database.aggregateDocuments': 'read',
  'database.insertDocument': 'create',
  'database.modifyDocument': 'update',
  'database.modifyAndReturnDoc': 'update',
  'database.removeDocument': 'delete'
}

/** CloudBase's answer to a client request the rules refuse (errCode -502003 in the mini-program SDK). */
export const PERMISSION_DENIED = { code: 'DATABASE_PERMISSION_DENIED', message: '[DATABASE_PERMISSION_DENIED] Permission denied' }

export class ClientDatabaseRules {
  private rules: DatabaseRules = {}
  private loadedStamp = ''

  constructor(readonly file: string) {
    this.reload()
  }

  private reload(): void {
    const stat = fs.statSync(this.file)
    const stamp = `${stat.mtimeMs}:${stat.size}`
    if (stamp === this.loadedStamp) return
    this.rules = readDatabaseRules(this.file)
    this.loadedStamp = stamp
  }

  /** Whether the rules let a client make this request; `collection` is the request's collectionName. */
  allows(action: string, collection: string): boolean {
    const access = ACCESS_OF_ACTION[action]
    if (!access) return false
    this.reload()
    return ruleFor(this.rules, collection, access) === true
  }
}
