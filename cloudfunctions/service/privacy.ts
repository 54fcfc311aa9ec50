/**
 * The admin's side of needs at rest (issue 10; what is sealed and masked: core/matching privacy.ts):
 *   unmask      one need's words or precise point in full, for a reason; the audit entry names who saw what and why,
 *               never the value. Organizers without the admin role are refused: they work from the masked need.
 *   rotateKeys  a batch of needs sealed with an earlier key sealed again with the current one (core/api/data-keys.ts),
 *               a few writes in flight at once (_shared/parallel.ts). Each need is rewritten only if it did not
 *               change since it was read (its `updatedAt` and key), so a concurrent step on it is never undone; such
 *               a need was sealed with the current key by that step. A need stored before needs were sealed is
 *               sealed by the first run, its words removed from the clear.
 * Requesters, providers and organizers keep reading needs as before: every read opens with any key of the ring.
 */
import { ADMIN_ONLY_KEYS_MESSAGE, ROTATE_BATCH, type RotateKeysInput, type RotateKeysOutput } from '@core/api/data-keys'
import type { UnmaskNeedInput, UnmaskNeedOutput } from '@core/api/service'
import { DomainError } from '@core/api/result'
import { hasRole } from '@core/user'
import { _, audit, requireVenue, sumOfWrites, type ActionContext, type Patch } from '../_shared'
import { loadNeed, rotatedNeed, store } from './repo'
import { dataKeysOf } from './requester'

type Ctx<I> = ActionContext<I, 'organizer'>

export const ADMIN_ONLY_UNMASK_MESSAGE = '只有管理员可以查看完整的个人信息'

export async function unmask(ctx: Ctx<UnmaskNeedInput>): Promise<UnmaskNeedOutput> {
  if (!hasRole(ctx.user, 'admin')) throw new DomainError('FORBIDDEN', ADMIN_ONLY_UNMASK_MESSAGE)
  const { needId, field, reason } = ctx.input
  const loaded = await loadNeed(needId)
  if (!loaded) throw new DomainError('NOT_FOUND', '没有找到这条需求', 'needId')
  requireVenue(ctx.user, loaded.need.venueId, 'needId')
  const { need } = loaded
  let value: string
  if (field === 'text') value = need.text
  else if (need.location?.precise) value = `${need.location.lat}, ${need.location.lng}`
  else throw new DomainError('NOT_FOUND', '这条需求没有精确位置', 'field')
  await audit(ctx, 'unmask', `needs/${needId}`, { field, reason })
  return { needId, field, value }
}

export async function rotateKeys(ctx: Ctx<RotateKeysInput>): Promise<RotateKeysOutput> {
  if (!hasRole(ctx.user, 'admin')) throw new DomainError('FORBIDDEN', ADMIN_ONLY_KEYS_MESSAGE)
  const keys = dataKeysOf('rotateKeys')
  const stale = { sealedWith: _.neq(keys.id) }
  const batch = await store.find('needs', stale, { limit: ctx.input.limit ?? ROTATE_BATCH })
  const resealed = await sumOfWrites(batch, (need) => {
    const unchanged = { _id: need._id, sealedWith: need.sealedWith ?? _.exists(false), updatedAt: need.updatedAt }
    const { sealed, sealedWith, clear } = rotatedNeed(keys, need)
    const patch: Patch = { sealed: _.set(sealed), sealedWith }
    if (clear) Object.assign(patch, { text: _.remove(), tokens: _.remove(), ...(clear.location ? { location: _.set(clear.location) } : {}) })
    return store.update('needs', unchanged, patch)
  })
  const remaining = await store.count('needs', stale)
  await audit(ctx, 'rotateKeys', 'needs', { keyId: keys.id, resealed, remaining })
  return { keyId: keys.id, resealed, remaining }
}
