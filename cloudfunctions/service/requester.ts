/**
 * Who asked, without saying who: a need carries `requesterKey`, a keyed hash (HMAC-SHA-256) of the requester's openid,
 * so needs can be listed to organizers and aggregated without an openid in sight, and 我的需求 finds a person's needs
 * by recomputing the key. The key is the functions' keyed hash (_shared/sealing.ts, the hash secret every function
 * shares), scoped to requesters, so a person's key here does not match any hash of the same openid in a
 * questionnaire. The same keys seal a need's words and precise point (needs-at-rest.ts). Without them the actions
 * that need a key refuse (a logged configuration error) rather than store something guessable or in the clear.
 */
import { keyedHash, requireDataKeys, type DataKeys } from '../_shared/sealing'

/** The hash scope of requester keys (survey hashes are scoped by survey id). */
const REQUESTER_SCOPE = 'service-requesters'

export const NOT_CONFIGURED_MESSAGE = '需求服务还没有配置数据密钥，暂时无法提交或查看需求，请联系服务中心'

/** The requester key of `openid` under `keys` (the demo data is keyed with the local cloud's keys the same way). */
export const requesterKeyFor = (keys: DataKeys, openid: string): string => keyedHash(keys, REQUESTER_SCOPE, openid)

/** The configured data keys; refuses (INTERNAL, logged) while they are not configured. */
export const dataKeysOf = (where: string): DataKeys => requireDataKeys(`service.${where}`, NOT_CONFIGURED_MESSAGE)

/** The requester key of `openid`; refuses (INTERNAL, logged) while the data key is not configured. */
export const requesterKeyOf = (openid: string, where: string): string => requesterKeyFor(dataKeysOf(where), openid)
