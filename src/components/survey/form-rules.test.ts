/**
 * The pure parts of the form state and of the location answer: where a resumed filling opens, which problems a page
 * shows (core's, keyed by question), that an emptied field is "not answered", and the WGS-84 → GCJ-02 shift a
 * browser's position needs.
 */
import { checkDefinition, type SurveyDefinition } from '@core/survey/definition'
import { atWallClock } from '@core/time'
import { problemsById, resumePageId, withAnswer } from './form'
import { wgs84ToGcj02 } from './gcj02'

const NOW = atWallClock('2026-11-25', '10:00')

function definition(): SurveyDefinition {
  const checked = checkDefinition({
    title: '测试问卷',
    pages: [
      {
        id: 'basics',
        questions: [
          { id: 'group', type: 'single', title: '您的身份', required: true, options: [{ value: 'rider', label: '骑手' }, { value: 'resident', label: '居民' }] }
        ],
        jumps: [{ when: { op: 'eq', question: 'group', value: 'resident' }, to: 'end' }]
      },
      { id: 'work', questions: [{ id: 'days', type: 'number', title: '每周工作几天', required: true, integer: true, min: 1, max: 7 }] },
      { id: 'more', questions: [{ id: 'say', type: 'textarea', title: '想说的话' }] }
    ],
    settings: { limit: 'onePerPerson', channels: ['self'] }
  })
  if (!checked.ok) throw new Error(checked.message)
  return checked.value
}

test('a resumed filling opens on the furthest page on the path that holds an answer', () => {
  const def = definition()
  expect(resumePageId(def, {})).toBe('basics')
  expect(resumePageId(def, { group: 'rider' })).toBe('basics')
  expect(resumePageId(def, { group: 'rider', days: 5 })).toBe('work')
  expect(resumePageId(def, { group: 'rider', days: 5, say: '谢谢' })).toBe('more')
  // A resident's path ends after the first page: answers left on skipped pages do not pull them there.
  expect(resumePageId(def, { group: 'resident', days: 5, say: '谢谢' })).toBe('basics')
})

test('problems are core’s, one per question, keyed by question id; hidden pages are not asked for', () => {
  const def = definition()
  // Unanswered, the path still runs through the work page, so its required question is asked for too.
  expect(problemsById(def, {}, NOW)).toEqual({ group: '请选择“您的身份”', days: '请填写“每周工作几天”' })
  expect(problemsById(def, { group: 'rider', days: '五' }, NOW)).toEqual({ days: '“每周工作几天”请填写数字' })
  expect(problemsById(def, { group: 'resident' }, NOW)).toEqual({})
})

test('an emptied answer is removed, not kept as an empty value', () => {
  expect(withAnswer({ a: 'x', b: ['1'] }, 'a', '  ')).toEqual({ b: ['1'] })
  expect(withAnswer({ b: ['1'] }, 'b', [])).toEqual({})
  expect(withAnswer({}, 'c', 0)).toEqual({ c: 0 })
})

test('a browser position (WGS-84) is shifted to GCJ-02 by the published offset; outside China it stays', () => {
  // The reference pair every implementation of the published offset reproduces.
  expect(wgs84ToGcj02({ lat: 39.915, lng: 116.404 })).toEqual({ lat: 39.91640428150164, lng: 116.41024449916938 })
  // Around Lanzhou the shift is a couple of hundred metres, mostly eastward: enough to land in the next block.
  const lanzhou = wgs84ToGcj02({ lat: 36.0649, lng: 103.8234 })
  expect(lanzhou.lng - 103.8234).toBeGreaterThan(0.002)
  expect(Math.abs(lanzhou.lat - 36.0649)).toBeLessThan(0.001)
  expect(wgs84ToGcj02({ lat: 48.8584, lng: 2.2945 })).toEqual({ lat: 48.8584, lng: 2.2945 })
})
