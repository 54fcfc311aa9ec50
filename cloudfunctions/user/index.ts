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
import { action, defineFunction, deleteStoredFiles, isDuplicateKeyError, isTextSafe } from '../_shared'
import { createUser, findUser, removeUser, updateUser } from './repo'

/**
 * The common case is one read (an existing user). A first login is read + insert. Two first logins racing both
 * insert the same deterministic `_id`; the loser gets a duplicate-key error and reads the winner's document, so
 * neither fails and an existing profile is never overwritten.
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
  return { openid, isNew: true, profile: toProfile(doc) }
}

/** Text other people will see goes through WeChat's content check before it is stored. */
async function checkPublicText(input: UpdateProfile, openid: string): Promise<void> {
  const checks: { field: 'nickname' | 'community'; message: string }[] = [
    { field: 'nickname', message: '昵称包含不当内容，请修改' },
    { field: 'community', message: '社区名称包含不当内容，请修改' }
  ]
  const verdicts = await Promise.all(
    checks.map(async ({ field, message }) => {
      const text = input[field]
      const safe = text === undefined || text === '' || (await isTextSafe(text, openid, 1))
      return { field, message, safe }
    })
  )
  const risky = verdicts.find((v) => !v.safe)
  if (risky) throw new DomainError('CONTENT_RISKY', risky.message, risky.field)
}

/** Update, then read back: two requests, and the answer is what is stored (not a guess from the input). */
async function updateProfile(input: UpdateProfile, openid: string, now: number): Promise<UpdateProfileOutput> {
  await checkPublicText(input, openid)
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
 * The avatar file first, then the account (a retry still finds the avatar to delete). Removing an absent document is
 * no error, so a retry converges; a later login starts a fresh, empty profile.
 */
async function deleteMyData(openid: string): Promise<DeleteMyDataOutput> {
  const existing = await findUser(openid)
  if (!existing) return { removed: 0, anonymized: 0, cancelled: 0 }
  const files = await deleteStoredFiles([existing.avatarUrl])
  await removeUser(openid)
  return { removed: 1 + files, anonymized: 0, cancelled: 0 }
}

export const main = defineFunction('user', {
  login: action({ input: s.object({}), auth: 'user', run: (ctx) => login(ctx.openid, ctx.now) }),
  updateProfile: action({ input: updateProfileSchema, auth: 'user', run: (ctx) => updateProfile(ctx.input, ctx.openid, ctx.now) }),
  myData: action({ input: myDataSchema, auth: 'user', run: (ctx) => myData(ctx.openid) }),
  deleteMyData: action({ input: deleteMyDataSchema, auth: 'user', run: (ctx) => deleteMyData(ctx.openid) })
})
