/** What a cloud function imports: the framework, the SDK instance, the typed store and the shared collections. */
export {
  action,
  defineFunction,
  handlerFor,
  INTERNAL_MESSAGE,
  MAX_EVENT_DEPTH,
  type ActionContext,
  type ActionDef,
  type ActionTable,
  type Auth,
  type Main
} from './function'
export { cloud, db, _, callerOpenid, openapi, type Collection, type Database, type OpenApi } from './cloud'
export { createStore, isDuplicateKeyError, PAGE_SIZE, type CollectionMap, type Fields, type NewDoc, type Patch, type Store, type Where } from './store'
export { audit, sharedStore, type AuditDoc, type SharedCollections } from './db'
export { MSG_SEC_CHECK_MAX, requireShownTextsSafe, riskyTextMessage, type ShownText, type TextScene } from './security'
export { invocationNow } from './clock'
export { deleteStoredFiles } from './files'
export { sumOfWrites, WRITES_IN_FLIGHT } from './parallel'
export { OTHER_VENUE_MESSAGE, requireVenue, venueCondition } from './scope'
export { forgetWrites, openWriteRecords } from './limits'
export { clip, messageDoc, queueMessages, timeValue } from './messages'
