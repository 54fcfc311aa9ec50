/**
 * Function `user`: the caller's own account.
 *   login          → {openid, isNew, profile}; creates the account on first call.
 *   updateProfile  → {profile}; changes only the given fields.
 *   myData         → {profile | null}: the account as stored (我的数据).
 *   deleteMyData   → removes the account; the page calls it after every other function erased its part (mydata.ts).
 */
import { DomainError } from '@core/api/result'
import { deleteMyDataSchema, myDataSchema, type DeleteMyDataOutput, type UserMyDataOutput } from '@core/api/mydata'
import type { LoginOutput, UpdateProfileOutput } from '@core/api/user'
import * as s from '@core/schema'
import { newUserDoc, sortFreeTimes, toProfile, updateProfileSchema, type UpdateProfile, type UserDoc } from '@core/user'
import { action, defineFunction, deleteStoredFiles, forgetWrites, isDuplicateKeyError, openWriteRecords, requireShownTextsSafe } from '../_shared'
import { createUser, findUser, removeUser, updateUser } from './repo'

/**
 * The common case is one read (an existing user). A first login is read + insert + the person's empty write-limit
 * records (one batch, so their first book costs what every later one does). Two first logins racing both insert the
 * same deterministic `_id`; the loser gets a duplicate-key error and reads the winner's document, so neither fails and
 * an existing profile is never overwritten.
 */
async function login(openid: string, now: number): Promise<LoginOutput> {
  const existing = await findUser(openid)
  if (existing) return { openid, isNew: false, profile: toProfile(existing) }
  const doc = newUserDoc(openid, now)
  try {
    await createUser(doc)
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    const winner = await findUser(openid)
    if (!winner) throw err
    return { openid, isNew: false, profile: toProfile(winner) }
  }
  await openWriteRecords(openid, now)
  return { openid, isNew: true, profile: toProfile(doc) }
}

/** Update, then read back: two requests, and the answer is what is stored (not a guess from the input). */
async function updateProfile(input: UpdateProfile, openid: string, now: number): Promise<UpdateProfileOutput> {
  // Text other people will see goes through WeChat's content check (as a profile) before it is stored.
  const shown = [
    { field: 'nickname', label: '昵称', text: input.nickname },
    { field: 'community', label: '所在社区', text: input.community }
  ]
  await requireShownTextsSafe(shown, openid, 1)
  const { privacyConsent, freeTimes, ...fields } = input
  const patch: Partial<UserDoc> = { ...fields, updatedAt: now }
  if (freeTimes) patch.freeTimes = sortFreeTimes(freeTimes)
  if (privacyConsent) patch.privacyConsentAt = now
  await updateUser(openid, patch)
  const doc = await findUser(openid)
  if (!doc) throw new DomainError('NOT_FOUND', '请先登录')
  return { profile: toProfile(doc) }
}

async function myData(openid: string): Promise<UserMyDataOutput> {
  const doc = await findUser(openid)
  return { profile: doc ? toProfile(doc) : null }
}

/**
 * The avatar file first, then the account (a retry still finds the avatar to delete), then the write limit's records,
 * which are keyed by the openid (this call's own count among them). Removing an absent document is no error, so a
 * retry converges; a later login starts a fresh, empty profile.
 */
async function deleteMyData(openid: string): Promise<DeleteMyDataOutput> {
  const existing = await findUser(openid)
  const files = existing ? await deleteStoredFiles([existing.avatarUrl]) : 0
  if (existing) await removeUser(openid)
  await forgetWrites(openid)
  return { removed: existing ? 1 + files : 0, anonymized: 0, cancelled: 0 }
}

// login writes once per person ever (the account), and is a read on every later launch: it is not a write to limit.
export const main = defineFunction('user', {
  login: action({ input: s.object({}), auth: 'user', run: (ctx) => login(ctx.openid, ctx.now) }),
  updateProfile: action({ input: updateProfileSchema, auth: 'user', limit: 'personal', run: (ctx) => updateProfile(ctx.input, ctx.openid, ctx.now) }),
  myData: action({ input: myDataSchema, auth: 'user', run: (ctx) => myData(ctx.openid) }),
  deleteMyData: action({ input: deleteMyDataSchema, auth: 'user', limit: 'personal', run: (ctx) => deleteMyData(ctx.openid) })
})
