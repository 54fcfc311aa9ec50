/**
 * What the app keeps on this phone about the person, named in one place so 我的数据 → 删除 can clear it: the survey
 * fillings saved as they are typed (they may hold a phone number or a name). Kept in the main package because both
 * the questionnaire subpackage and 我的数据 use it, and one subpackage cannot import from another.
 */
import Taro from '@tarojs/taro'

export const SURVEY_DRAFT_KEY_PREFIX = 'youlin.survey.draft.'

/** Removes every filling kept on this phone. */
export function clearDeviceData(): void {
  for (const key of Taro.getStorageInfoSync().keys) if (key.startsWith(SURVEY_DRAFT_KEY_PREFIX)) Taro.removeStorageSync(key)
}
