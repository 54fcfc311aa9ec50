/** What a cloud function imports: the framework, the SDK instance, and the database helpers. */
export { action, defineFunction, INTERNAL_MESSAGE, type ActionContext, type ActionDef, type Auth, type FunctionDef, type Main } from './function'
export { cloud, db, _, callerOpenid, type Collection, type Database } from './cloud'
export {
  audit,
  collection,
  findAll,
  getDoc,
  insertDoc,
  isDuplicateKeyError,
  PAGE_SIZE,
  type AuditDoc,
  type CollectionName,
  type Collections
} from './db'
export { isTextSafe, type TextScene } from './security'
export { invocationNow } from './clock'
