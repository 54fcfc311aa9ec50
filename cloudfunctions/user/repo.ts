/**
 * The data layer of function `user`: the caller's own `users` document, the one collection it touches (declared with
 * the shared collections, since every function reads it to authorise). One request per call.
 */
import type { UserDoc } from '@core/user'
import { createStore, type Patch, type SharedCollections } from '../_shared'

const store = createStore<Pick<SharedCollections, 'users'>>()

export const findUser = (openid: string): Promise<UserDoc | null> => store.get('users', openid)

/** Creates the account; a second creation of the same openid rejects with a duplicate-key error. */
export const createUser = async (doc: UserDoc): Promise<void> => {
  await store.insert('users', doc)
}

export const updateUser = async (openid: string, patch: Patch): Promise<void> => {
  await store.updateDoc('users', openid, patch)
}

export const removeUser = async (openid: string): Promise<void> => {
  await store.removeDoc('users', openid)
}
