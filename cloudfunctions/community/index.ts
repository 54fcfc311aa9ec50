/**
 * Function `community`: the rest of the community's life the seed describes (issue 12; DESIGN.md §3 ⚑ centres,
 * report, myReports; every action of core/api/community).
 *   anyone      centres                                                                       centres.ts
 *   user        registerParty myParty withdrawParty                                           party.ts
 *   organizer   listParty partyDetail followUpParty rotateKeys (admins)                       party.ts
 * Each action validates its input, identifies the caller from getWXContext, authorizes, loads, asks core/community,
 * writes with conditions, and answers.
 */
import { centresSchema } from '@core/api/community'
import { action, defineFunction } from '../_shared'
import { centres } from './centres'
import { followUpPartySchema, listPartySchema, myPartySchema, partyDetailSchema, registerPartySchema, withdrawPartySchema } from '@core/api/community/party'
import { rotateKeysSchema } from '@core/api/data-keys'
import { followUpParty, listParty, myParty, partyDetail, registerParty, rotateKeys, withdrawParty } from './party'

export const main = defineFunction('community', {
  // 兼职网格员 随手拍 and the grid team: grid
  // 骑士之星 and 先锋指数: stars
  // 商圈协商议事: deliberation
  // 组织关系安家 and 入党申请: party
  registerParty: action({ input: registerPartySchema, auth: 'user', limit: 'personal', run: registerParty }),
  myParty: action({ input: myPartySchema, auth: 'user', run: myParty }),
  withdrawParty: action({ input: withdrawPartySchema, auth: 'user', limit: 'personal', run: withdrawParty }),
  listParty: action({ input: listPartySchema, auth: 'organizer', run: listParty }),
  partyDetail: action({ input: partyDetailSchema, auth: 'organizer', limit: 'organizing', run: partyDetail }),
  followUpParty: action({ input: followUpPartySchema, auth: 'organizer', limit: 'organizing', run: followUpParty }),
  rotateKeys: action({ input: rotateKeysSchema, auth: 'organizer', limit: 'organizing', run: rotateKeys }),
  centres: action({ input: centresSchema, auth: 'public', run: centres })
})
