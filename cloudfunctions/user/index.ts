/**
 * Function `user`: the caller's own account.
 *   login          → {openid, isNew, profile}; creates the account on first call.
 *   updateProfile  → {profile}; changes only the given fields.
 */
import { DomainError } from '@core/api/result'
import type { LoginOutput, UpdateProfileOutput } from '@core/api/user'
import * as s from '@core/schema'
import { newUserDoc, sortFreeTimes, toProfile, updateProfileSchema, type UpdateProfile, type UserDoc } from '@core/user'
import { action, defineFunction, isDuplicateKeyError, requireShownTextsSafe } from '../_shared'
import { createUser, findUser, updateUser } from './repo'

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

// login writes once per person ever (the account), and is a read on every later launch: it is not a write to limit.
export const main = defineFunction('user', {
  login: action({ input: s.object({}), auth: 'user', run: (ctx) => login(ctx.openid, ctx.now) }),
  updateProfile: action({ input: updateProfileSchema, auth: 'user', limit: 'personal', run: (ctx) => updateProfile(ctx.input, ctx.openid, ctx.now) })
})
