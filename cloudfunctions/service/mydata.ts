/**
 * 我的数据 in function `service` (issue 10, PII): the caller's needs with their referrals, and their acceptances of
 * the service's subscribe messages; and erasing them.
 *   myData        → {needs, consents}
 *   deleteMyData  → {removed, anonymized, cancelled}: `cancelled` counts the open needs withdrawn
 *
 * Open needs are first withdrawn through withdrawNeed, so their open referrals are cancelled and providers told, as
 * when the person withdraws one. Every need and referral then stays for the 需求清单's figures, anonymized
 * (core/erasure.ts): the requester key becomes one random anonymous key (so "people served" still counts the person
 * once), and the text, photos (the files too), place and notes go, and the emptied words are sealed again like any need's. The acceptances, queued messages and the `requesters` record (the
 * only link from the key to the openid) are removed, the record last.
 *
 * Idempotent: the anonymous key is written onto the `requesters` record first (`erasedAs`), so a retry after a crash
 * reuses it; the anonymized needs and referrals no longer carry the person's key, so a retry does not find them again.
 */
import { randomBytes } from 'crypto'
import type { DeleteMyDataOutput, MyNeedRecord, ServiceMyDataOutput } from '@core/api/mydata'
import { anonymizedNeed, anonymizedReferral, ERASED_PREFIX } from '@core/erasure'
import { isNeedClosed, MATCHING_TEMPLATES, messageConsentIdFor, type NeedDoc } from '@core/matching'
import { taxonomyLabel } from '@core/survey'
import { _, deleteStoredFiles, type ActionContext } from '../_shared'
import type { DataKeys } from '../_shared/sealing'
import { withdrawNeed } from './needs'
import { openNeed, sealNeed, store } from './repo'
import { dataKeysOf, requesterKeyFor } from './requester'

type Ctx = ActionContext<Record<string, never>, 'user'>

const consentIds = (openid: string): string[] => MATCHING_TEMPLATES.map((template) => messageConsentIdFor(openid, template))

export async function myData(ctx: Ctx): Promise<ServiceMyDataOutput> {
  const keys = dataKeysOf('myData')
  const key = requesterKeyFor(keys, ctx.openid)
  const [needs, referrals, consents] = await Promise.all([
    store.findAll('needs', { requesterKey: key }),
    store.findAll('referrals', { requesterKey: key }),
    store.findAll('messageConsents', { _id: _.in(consentIds(ctx.openid)) })
  ])
  const serviceIds = [...new Set(referrals.map((r) => r.serviceId))]
  const services = serviceIds.length === 0 ? [] : await store.findAll('services', { _id: _.in(serviceIds) }, { title: true })
  const titles = new Map(services.map((s) => [s._id, s.title]))
  const records = needs.map(
    (need): MyNeedRecord => ({
      _id: need._id,
      category: need.category,
      categoryName: taxonomyLabel(need.category),
      text: openNeed(keys, need).text,
      status: need.status,
      createdAt: need.createdAt,
      referrals: referrals
        .filter((r) => r.needId === need._id)
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((r) => ({ _id: r._id, serviceTitle: titles.get(r.serviceId) ?? '服务', status: r.status }))
    })
  )
  records.sort((a, b) => b.createdAt - a.createdAt)
  return { needs: records, consents: consents.map((c) => ({ template: c.template, left: c.left })) }
}

/** The anonymous key: the one an interrupted erasure wrote onto the requester record, or a new one written now. */
async function anonymousKey(key: string, openid: string, now: number): Promise<string> {
  const requester = await store.get('requesters', key)
  if (requester?.erasedAs !== undefined) return requester.erasedAs
  const fresh = `${ERASED_PREFIX}${randomBytes(12).toString('hex')}`
  await store.setDoc('requesters', key, { openid, updatedAt: now, erasedAs: fresh })
  return fresh
}

/** Withdraws the open needs, then keeps every need and referral under the anonymous key; deletes the need photos. */
async function anonymizeNeeds(ctx: Ctx, keys: DataKeys, key: string, found: readonly Pick<NeedDoc, '_id' | 'status'>[]): Promise<{ anonymized: number; photos: number }> {
  const anonKey = await anonymousKey(key, ctx.openid, ctx.now)
  for (const need of found) if (!isNeedClosed(need.status)) await withdrawNeed({ ...ctx, input: { needId: need._id } })
  const [needs, referrals] = await Promise.all([store.findAll('needs', { requesterKey: key }), store.findAll('referrals', { requesterKey: key })])
  for (const referral of referrals) {
    const { _id, ...kept } = anonymizedReferral(referral, anonKey)
    await store.setDoc('referrals', _id, kept)
  }
  const photos = await deleteStoredFiles(needs.flatMap((need) => need.photos))
  for (const need of needs) {
    const { _id, ...kept } = sealNeed(keys, anonymizedNeed(openNeed(keys, need), anonKey))
    await store.setDoc('needs', _id, kept)
  }
  return { anonymized: needs.length + referrals.length, photos }
}

export async function deleteMyData(ctx: Ctx): Promise<DeleteMyDataOutput> {
  const { openid } = ctx
  const keys = dataKeysOf('deleteMyData')
  const key = requesterKeyFor(keys, openid)
  const found = await store.findAll('needs', { requesterKey: key }, { status: true })
  // Referrals are anonymized before their needs, so with no need left under the key there is nothing left to do.
  const { anonymized, photos } = found.length === 0 ? { anonymized: 0, photos: 0 } : await anonymizeNeeds(ctx, keys, key, found)
  const open = found.filter((need) => !isNeedClosed(need.status))

  const [consents, messages] = await Promise.all([
    store.findAll('messageConsents', { _id: _.in(consentIds(openid)) }, { _id: true }),
    store.findAll('notifications', { openid }, { _id: true })
  ])
  await Promise.all([...consents.map((c) => store.removeDoc('messageConsents', c._id)), ...messages.map((m) => store.removeDoc('notifications', m._id))])
  const requester = await store.get('requesters', key)
  if (requester) await store.removeDoc('requesters', key)
  return { removed: consents.length + messages.length + photos + (requester ? 1 : 0), anonymized, cancelled: open.length }
}
