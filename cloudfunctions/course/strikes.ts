/**
 * A session's strike records, settled from its bookings (core settleSessionStrikes) and written by id, so settling
 * again — after class (the timer), or when the organizer corrects attendance — converges on the same records.
 */
import { settleSessionStrikes, type SessionDoc } from '@core/booking'
import { store } from './repo'
import { inBatches } from './seats'

/** Requests: the session's bookings and strikes (2, paged), then one write per strike set or removed. */
export async function settleSession(session: SessionDoc, now: number): Promise<void> {
  const [bookings, existing] = await Promise.all([
    store.findAll('bookings', { sessionId: session._id }),
    store.findAll('strikes', { sessionId: session._id })
  ])
  const { upsert, remove } = settleSessionStrikes(session, bookings, existing, now)
  await inBatches(upsert, async ({ _id, ...doc }) => {
    await store.setDoc('strikes', _id, doc)
  })
  await inBatches(remove, async (id) => {
    await store.removeDoc('strikes', id)
  })
}
