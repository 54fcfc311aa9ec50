/**
 * Who asked, without saying who: a need carries `requesterKey`, a keyed hash (HMAC-SHA-256) of the requester's openid,
 * so needs can be listed to organizers and aggregated without an openid in sight, and 我的需求 finds a person's needs
 * by recomputing the key. The key is derived from the centre's data key (`SURVEY_DATA_KEY`, the secret the survey
 * function seals personal answers with; survey/sealing.ts), scoped to requesters, so a person's key here does not
 * match any hash of the same openid in a questionnaire. Without the secret the actions that need a key refuse (a
 * logged configuration error) rather than store something guessable; everything else still serves.
 */
import { DomainError } from '@core/api/result'
import { environmentKeys, keyedHash, type DataKeys } from '../survey/sealing'

/** The hash scope of requester keys (survey hashes are scoped by survey id). */
const REQUESTER_SCOPE = 'service-requesters'

export const NOT_CONFIGURED_MESSAGE = '需求服务还没有配置数据密钥，暂时无法提交或查看需求，请联系服务中心'

/** The requester key of `openid` under `keys` (the demo data is keyed with the local cloud's keys the same way). */
export const requesterKeyFor = (keys: DataKeys, openid: string): string => keyedHash(keys, REQUESTER_SCOPE, openid)

/** The requester key of `openid`; refuses (INTERNAL, logged) while the data key is not configured. */
export function requesterKeyOf(openid: string, where: string): string {
  const keys = environmentKeys()
  if (!keys.ok) {
    console.error(`[service.${where}] configuration error: ${keys.problem}`)
    throw new DomainError('INTERNAL', NOT_CONFIGURED_MESSAGE)
  }
  return requesterKeyFor(keys.keys, openid)
}
