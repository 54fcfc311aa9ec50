/**
 * The data layer of function `survey`: its collections and their stored shapes (collections.ts), the one-request load
 * of a respondent's action (load.ts), and the survey document's counters and versions (surveys.ts). The SDK's loosely
 * typed results are cast only in the store underneath (_shared/store.ts).
 */
export { store, type SurveyCollections } from './collections'
export { loadSurvey, type Beside, type Loaded } from './load'
export { adoptMark, clearMark, countResponse, definitionOf, giveBackMark, publishedVersions, uncountResponse, versionsWithCurrent } from './surveys'
