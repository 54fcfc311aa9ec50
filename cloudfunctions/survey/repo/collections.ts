/**
 * Function `survey`'s collections and their stored shapes, declared once: the shared ones (users, venues, audit) and
 * its own. Every file of the function reads and writes them through `store`.
 *
 *   surveys         SurveyDoc: the current definition, status, quota counters and the response count
 *   surveyVersions  SurveyVersionDoc `<surveyId>-v<n>`: each published version, which its responses are read with
 *   responses       ResponseDoc, `_id` from responseIdFor(): one per person (or per clientId) by construction
 *   surveyDrafts    SurveyDraftDoc `<surveyId>_d_<openid>`: the respondent's unsubmitted answers
 *   listEntries     EntryDoc `<responseId>-<list>-<code>`: draft 需求/资源 entries the tags filed, until reviewed
 *   listItems       ListItemDoc `<venueId>-<list>-<code>`: the centre's 需求清单/资源清单 with their demand counts
 */
import type { EntryDoc, ListItemDoc, ResponseDoc, SurveyDoc, SurveyDraftDoc, SurveyVersionDoc } from '@core/survey'
import { createStore, type SharedCollections } from '../../_shared'

export interface SurveyCollections extends SharedCollections {
  surveys: SurveyDoc
  surveyVersions: SurveyVersionDoc
  responses: ResponseDoc
  surveyDrafts: SurveyDraftDoc
  listEntries: EntryDoc
  listItems: ListItemDoc
}

export const store = createStore<SurveyCollections>()
