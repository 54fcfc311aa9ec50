/** The data layer of function `community`: its collections and stored shapes (collections.ts). */
export { store, type CommunityCollections } from './collections'
