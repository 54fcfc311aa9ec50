/**
 * Function `service`: matching needs to services, the closed loop, and the centre's figures (issue 9; DESIGN.md §3 ⚑
 * taxonomy, submitNeed, match, stats; every action of core/api/service.ts).
 *   anyone      taxonomy, listServices, getService, servicePoints, stats, outcomes            public.ts, stats.ts
 *               subscribeTemplates                                                             consents.ts
 *   requester   suggestCategory, submitNeed, myNeeds, withdrawNeed, rateReferral              needs.ts
 *   signed in   subscribe (acceptances of the 需求进度 / 待办事项 messages)                      consents.ts
 *               myData, deleteMyData (我的数据: the caller's needs, referrals, acceptances)    mydata.ts
 *   organizer   recordNeed, listNeeds, triageNeed, mergeNeed, closeNeed                       organize.ts
 *               match, confirmProposals, listReferrals, cancelReferral                         matching.ts
 *               listManagedServices, saveService, setServiceStatus, listResources,             catalogue.ts
 *               saveResource, listOrganizations, saveOrganization, designBoard
 *   provider    myReferrals, acceptReferral, declineReferral, scheduleReferral,                provider.ts
 *               completeReferral (role provider, its organizations' referrals only: access.ts)
 *   admin       unmask (a need's words or point in full, audited), rotateKeys (needs sealed     privacy.ts
 *               again with the current data key)
 * Each action validates its input, identifies the caller from getWXContext, authorizes, loads, asks core/matching,
 * writes with conditions, and answers; status changes queue their notices (notify.ts). The timer trigger runs
 * timer.ts (answered only to the platform's trigger); any other event is an action call.
 */
import {
  acceptReferralSchema,
  cancelReferralSchema,
  closeNeedSchema,
  completeReferralSchema,
  confirmProposalsSchema,
  declineReferralSchema,
  designBoardSchema,
  getServiceSchema,
  listManagedServicesSchema,
  listNeedsSchema,
  listOrganizationsSchema,
  listReferralsSchema,
  listResourcesSchema,
  listServicesSchema,
  matchSchema,
  mergeNeedSchema,
  myNeedsSchema,
  myReferralsSchema,
  outcomesSchema,
  rateReferralSchema,
  recordNeedSchema,
  saveOrganizationSchema,
  saveResourceSchema,
  saveServiceSchema,
  scheduleReferralSchema,
  servicePointsSchema,
  setServiceStatusSchema,
  statsSchema,
  submitNeedSchema,
  subscribeSchema,
  subscribeTemplatesSchema,
  suggestCategorySchema,
  taxonomySchema,
  triageNeedSchema,
  unmaskNeedSchema,
  withdrawNeedSchema
} from '@core/api/service'
import { rotateKeysSchema } from '@core/api/data-keys'
import { deleteMyDataSchema, myDataSchema } from '@core/api/mydata'
import { fail, ok, type Result } from '@core/api/result'
import { action, cloud, defineFunction, INTERNAL_MESSAGE, invocationNow, type Main } from '../_shared'
import { board, listManagedServices, listOrganizations, listResources, saveOrganization, saveResource, saveService, setServiceStatus } from './catalogue'
import { cancelReferral, confirmProposals, listReferrals, match } from './matching'
import { subscribe, subscribeTemplates } from './consents'
import { deleteMyData, myData } from './mydata'
import { myNeeds, rateReferral, submitNeed, suggestCategory, withdrawNeed } from './needs'
import { closeNeed, listNeeds, mergeNeed, recordNeed, triageNeed } from './organize'
import { acceptReferral, completeReferral, declineReferral, myReferrals, scheduleReferral } from './provider'
import { rotateKeys, unmask } from './privacy'
import { getService, listServices, servicePoints, taxonomy } from './public'
import { outcomes, stats } from './stats'
import { runServiceTimer, type ServiceTimerReport } from './timer'

const serve = defineFunction('service', {
  taxonomy: action({ input: taxonomySchema, auth: 'public', run: taxonomy }),
  listServices: action({ input: listServicesSchema, auth: 'public', run: listServices }),
  getService: action({ input: getServiceSchema, auth: 'public', run: getService }),
  servicePoints: action({ input: servicePointsSchema, auth: 'public', run: servicePoints }),
  stats: action({ input: statsSchema, auth: 'public', run: stats }),
  outcomes: action({ input: outcomesSchema, auth: 'public', run: outcomes }),
  suggestCategory: action({ input: suggestCategorySchema, auth: 'user', run: suggestCategory }),
  subscribeTemplates: action({ input: subscribeTemplatesSchema, auth: 'public', run: subscribeTemplates }),
  submitNeed: action({ input: submitNeedSchema, auth: 'user', limit: 'personal', run: submitNeed }),
  subscribe: action({ input: subscribeSchema, auth: 'user', limit: 'personal', run: subscribe }),
  myNeeds: action({ input: myNeedsSchema, auth: 'user', run: myNeeds }),
  withdrawNeed: action({ input: withdrawNeedSchema, auth: 'user', limit: 'personal', run: withdrawNeed }),
  rateReferral: action({ input: rateReferralSchema, auth: 'user', limit: 'personal', run: rateReferral }),
  recordNeed: action({ input: recordNeedSchema, auth: 'organizer', limit: 'organizing', run: recordNeed }),
  listNeeds: action({ input: listNeedsSchema, auth: 'organizer', run: listNeeds }),
  triageNeed: action({ input: triageNeedSchema, auth: 'organizer', limit: 'organizing', run: triageNeed }),
  mergeNeed: action({ input: mergeNeedSchema, auth: 'organizer', limit: 'organizing', run: mergeNeed }),
  closeNeed: action({ input: closeNeedSchema, auth: 'organizer', limit: 'organizing', run: closeNeed }),
  match: action({ input: matchSchema, auth: 'organizer', run: match }),
  confirmProposals: action({ input: confirmProposalsSchema, auth: 'organizer', limit: 'organizing', run: confirmProposals }),
  listReferrals: action({ input: listReferralsSchema, auth: 'organizer', run: listReferrals }),
  cancelReferral: action({ input: cancelReferralSchema, auth: 'organizer', limit: 'organizing', run: cancelReferral }),
  listManagedServices: action({ input: listManagedServicesSchema, auth: 'organizer', run: listManagedServices }),
  saveService: action({ input: saveServiceSchema, auth: 'organizer', limit: 'organizing', run: saveService }),
  setServiceStatus: action({ input: setServiceStatusSchema, auth: 'organizer', limit: 'organizing', run: setServiceStatus }),
  listResources: action({ input: listResourcesSchema, auth: 'organizer', run: listResources }),
  saveResource: action({ input: saveResourceSchema, auth: 'organizer', limit: 'organizing', run: saveResource }),
  listOrganizations: action({ input: listOrganizationsSchema, auth: 'organizer', run: listOrganizations }),
  saveOrganization: action({ input: saveOrganizationSchema, auth: 'organizer', limit: 'organizing', run: saveOrganization }),
  designBoard: action({ input: designBoardSchema, auth: 'organizer', run: board }),
  myReferrals: action({ input: myReferralsSchema, auth: 'user', run: myReferrals }),
  acceptReferral: action({ input: acceptReferralSchema, auth: 'user', limit: 'personal', run: acceptReferral }),
  declineReferral: action({ input: declineReferralSchema, auth: 'user', limit: 'personal', run: declineReferral }),
  scheduleReferral: action({ input: scheduleReferralSchema, auth: 'user', limit: 'personal', run: scheduleReferral }),
  completeReferral: action({ input: completeReferralSchema, auth: 'user', limit: 'personal', run: completeReferral }),
  unmask: action({ input: unmaskNeedSchema, auth: 'organizer', limit: 'organizing', run: unmask }),
  rotateKeys: action({ input: rotateKeysSchema, auth: 'organizer', limit: 'organizing', run: rotateKeys }),
  myData: action({ input: myDataSchema, auth: 'user', run: myData }),
  deleteMyData: action({ input: deleteMyDataSchema, auth: 'user', limit: 'personal', run: deleteMyData })
})

const isTimerEvent = (event: unknown): boolean => typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer'

export const main: Main = async (event, context): Promise<Result<unknown>> => {
  if (!isTimerEvent(event)) return serve(event, context)
  // Only the platform's trigger runs the timer; a caller posing as one is answered like an unknown action.
  if (cloud.getWXContext().SOURCE !== 'wx_trigger') return fail('INVALID_INPUT', '未知的操作', 'action')
  try {
    const report: ServiceTimerReport = await runServiceTimer(invocationNow(context))
    return ok(report)
  } catch (err) {
    console.error('[service.timer] failed:', err instanceof Error ? err.stack ?? err.message : err)
    return fail('INTERNAL', INTERNAL_MESSAGE)
  }
}
