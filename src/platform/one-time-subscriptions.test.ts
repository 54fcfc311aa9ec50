/**
 * Asking for one-time subscribe messages: only the kinds a page wants and that have a template, only accepted ones
 * reported, a page whose kind has no template shows no 提醒 button, and ids that could not be fetched are fetched
 * again. WeChat's prompt and the function call are fakes.
 */
import type { MatchingTemplate } from '@core/matching'
import { oneTimeSubscriptions, type SubscribeTemplateOf } from './one-time-subscriptions'

const PROGRESS: SubscribeTemplateOf<MatchingTemplate> = { kind: 'needProgress', templateId: 'tmpl-progress' }
const TASK: SubscribeTemplateOf<MatchingTemplate> = { kind: 'referralTask', templateId: 'tmpl-task' }

const setUp = (loads: (SubscribeTemplateOf<MatchingTemplate>[] | null)[], answers: (Record<string, string> | Error)[] = []) => {
  const load = jest.fn(() => Promise.resolve(loads.shift() ?? null))
  const prompt = jest.fn((ids: string[]) => {
    const answer = answers.shift()
    return answer instanceof Error || answer === undefined ? Promise.reject(answer ?? new Error(`no answer for ${ids.join()}`)) : Promise.resolve(answer)
  })
  return { pair: oneTimeSubscriptions(load, prompt), load, prompt }
}

test('a kind without a configured template cannot be asked for; a configured one can', async () => {
  const { pair, load, prompt } = setUp([[PROGRESS]])
  expect(await pair.prepare(['referralTask'])).toBe(false)
  expect(await pair.prepare(['needProgress'])).toBe(true)
  expect(load).toHaveBeenCalledTimes(1)
  expect(await pair.request(['referralTask'])).toEqual([])
  expect(prompt).not.toHaveBeenCalled()
})

test('asks for the wanted kinds only and answers the accepted ones; a refusal or a failure is none', async () => {
  const { pair, prompt } = setUp([[PROGRESS, TASK]], [{ 'tmpl-progress': 'accept' }, { 'tmpl-progress': 'reject', 'tmpl-task': 'accept' }, new Error('requestSubscribeMessage:fail cancel')])
  await pair.prepare()
  expect(await pair.request(['needProgress'])).toEqual(['needProgress'])
  expect(prompt).toHaveBeenLastCalledWith(['tmpl-progress'])
  expect(await pair.request()).toEqual(['referralTask'])
  expect(prompt).toHaveBeenLastCalledWith(['tmpl-progress', 'tmpl-task'])
  expect(await pair.request(['needProgress'])).toEqual([])
})

test('ids that could not be fetched are fetched again on the next page; an unset id is no template', async () => {
  const { pair, load } = setUp([null, [{ ...PROGRESS, templateId: '' }]])
  expect(await pair.prepare(['needProgress'])).toBe(false)
  expect(await pair.prepare(['needProgress'])).toBe(false)
  expect(load).toHaveBeenCalledTimes(2)
})
