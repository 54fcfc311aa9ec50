/**
 * The function's data keys come only from its environment (_shared/sealing.ts). `main` asks `configurationFail` before every
 * action: without a usable key the function serves nothing — not even reads, since every screen may show or take a
 * personal answer — and logs a configuration error for whoever deploys it. Actions then take the keys from `dataKeys`.
 */
import { fail, type Fail } from '@core/api/result'
import { environmentKeys, type DataKeys } from '../_shared/sealing'

export const NOT_CONFIGURED_MESSAGE = '问卷服务还没有配置数据加密密钥，暂时无法使用，请联系服务中心'

/** The refusal to answer, logged, when the key is missing or malformed; undefined when the function can serve. */
export function configurationFail(action: string): Fail | undefined {
  const result = environmentKeys()
  if (result.ok) return undefined
  console.error(`[survey.${action}] configuration error: ${result.problem}`)
  return fail('INTERNAL', NOT_CONFIGURED_MESSAGE)
}

/** The configured keys (`main` has checked they exist). */
export function dataKeys(): DataKeys {
  const result = environmentKeys()
  if (!result.ok) throw new Error(`configuration error: ${result.problem}`)
  return result.keys
}
