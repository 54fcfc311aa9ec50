/**
 * The data layer of function `service`: its collections and stored shapes (collections.ts), the one-request loads of
 * a referral or a need with what a step on it reads (load.ts), and the places each service has used this period
 * (capacity.ts), and the sealing of needs at rest (sealed-needs.ts). The SDK's loosely typed results are cast only in the store underneath (_shared/store.ts).
 */
export { store, type RequesterDoc, type ServiceCollections } from './collections'
export { loadNeed, loadNeeds, loadReferral, organizersOf, providersOf, type NeedContext, type ReferralContext } from './load'
export { placesLeft, placesUsed } from './capacity'
export { freshNeedId, openNeed, openNeedTokens, rotatedNeed, sealNeed, type SealedNeedFields, type StoredNeed } from './sealed-needs'
