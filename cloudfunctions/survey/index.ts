/**
 * Function `survey`: questionnaires that collect the centres' 需求清单 and 资源清单 (issue 8; DESIGN.md §3 ⚑ list,
 * get, submit, results).
 *   user        list, get, saveDraft, submit (also an organizer's visit entry, `proxy`)   filling.ts, submit.ts
 *   organizer   listManaged, getDefinition, save, publish, close, duplicate                manage.ts
 *               results, responses, voidResponse, unmask (admin)                          answers.ts
 *               rotateKeys (admin: answers sealed again with the current data key)       rotation.ts
 *               export                                                                    export.ts
 *               reviewList, reviewDecide                                                  review.ts
 *   user        myData, deleteMyData (我的数据: the caller's own responses and drafts)     mydata.ts
 * Organizer actions act only on the centres the caller manages (admins: all). Personal answers are sealed with the
 * data key in the function's environment (sealing.ts, _shared/sealing.ts); without one the function serves nothing
 * (keys.ts).
 */
import {
  closeSurveySchema,
  duplicateSurveySchema,
  exportSurveySchema,
  getSurveyDefinitionSchema,
  getSurveySchema,
  listManagedSurveysSchema,
  listSurveysSchema,
  publishSurveySchema,
  reviewDecideSchema,
  reviewListSchema,
  saveDraftSchema,
  saveSurveySchema,
  submitSurveySchema,
  surveyResponsesSchema,
  surveyResultsSchema,
  unmaskSchema,
  voidResponseSchema
} from '@core/api/survey'
import { rotateKeysSchema } from '@core/api/data-keys'
import { deleteMyDataSchema, myDataSchema } from '@core/api/mydata'
import { action, defineFunction, type Main } from '../_shared'
import { listResponses, results, unmask, voidResponse } from './answers'
import { exportSurvey } from './export'
import { getSurvey, listSurveys, saveDraft } from './filling'
import { configurationFail } from './keys'
import { deleteMyData, myData } from './mydata'
import { close, duplicate, getDefinition, listManaged, publish, save } from './manage'
import { reviewDecide, reviewList } from './review'
import { rotateKeys } from './rotation'
import { submit } from './submit'

const serve = defineFunction('survey', {
  list: action({ input: listSurveysSchema, auth: 'user', run: (ctx) => listSurveys(ctx.openid, ctx.input, ctx.now) }),
  get: action({ input: getSurveySchema, auth: 'user', run: (ctx) => getSurvey(ctx.openid, ctx.input.surveyId, ctx.now) }),
  saveDraft: action({ input: saveDraftSchema, auth: 'user', limit: 'draft', run: (ctx) => saveDraft(ctx.openid, ctx.input, ctx.now) }),
  submit: action({ input: submitSurveySchema, auth: 'user', limit: 'sync', run: submit }),
  listManaged: action({ input: listManagedSurveysSchema, auth: 'organizer', run: listManaged }),
  getDefinition: action({ input: getSurveyDefinitionSchema, auth: 'organizer', run: getDefinition }),
  save: action({ input: saveSurveySchema, auth: 'organizer', limit: 'organizing', run: save }),
  publish: action({ input: publishSurveySchema, auth: 'organizer', limit: 'organizing', run: publish }),
  close: action({ input: closeSurveySchema, auth: 'organizer', limit: 'organizing', run: close }),
  duplicate: action({ input: duplicateSurveySchema, auth: 'organizer', limit: 'organizing', run: duplicate }),
  results: action({ input: surveyResultsSchema, auth: 'organizer', run: results }),
  responses: action({ input: surveyResponsesSchema, auth: 'organizer', run: listResponses }),
  export: action({ input: exportSurveySchema, auth: 'organizer', limit: 'organizing', run: exportSurvey }),
  voidResponse: action({ input: voidResponseSchema, auth: 'organizer', limit: 'organizing', run: voidResponse }),
  reviewList: action({ input: reviewListSchema, auth: 'organizer', run: reviewList }),
  reviewDecide: action({ input: reviewDecideSchema, auth: 'organizer', limit: 'organizing', run: reviewDecide }),
  unmask: action({ input: unmaskSchema, auth: 'organizer', limit: 'organizing', run: unmask }),
  rotateKeys: action({ input: rotateKeysSchema, auth: 'organizer', limit: 'organizing', run: rotateKeys }),
  myData: action({ input: myDataSchema, auth: 'user', run: (ctx) => myData(ctx.openid) }),
  deleteMyData: action({ input: deleteMyDataSchema, auth: 'user', limit: 'personal', run: (ctx) => deleteMyData(ctx.openid) })
})

/** Refuses every action, with a logged configuration error, while the data key is missing; otherwise serves. */
export const main: Main = async (event, context) => {
  const action = typeof event === 'object' && event !== null ? String((event as { action?: unknown }).action) : '?'
  return configurationFail(action) ?? serve(event, context)
}
