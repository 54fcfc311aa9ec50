/**
 * core/survey/counting.ts: which count a stored response is, and finding a response's mark on a survey — by its own
 * key only, so a response `_id` that names an inherited property finds nothing.
 */
import { countingMark, settleMark, type CountingMark } from '@core/survey'

const mark: CountingMark = { countId: 'count-a', quotas: ['total'], at: 1 }

describe('countingMark', () => {
  it('finds the mark under the response _id, and nothing for another or on a survey without marks', () => {
    const survey = { counting: { 's1_u_rider': mark } }
    expect(countingMark(survey, 's1_u_rider')).toBe(mark)
    expect(countingMark(survey, 's1_u_courier')).toBeUndefined()
    expect(countingMark({}, 's1_u_rider')).toBeUndefined()
  })

  it('does not take an inherited property for a mark', () => {
    expect(countingMark({ counting: {} }, 'constructor')).toBeUndefined()
    expect(countingMark({ counting: {} }, '__proto__')).toBeUndefined()
  })
})

describe('settleMark', () => {
  it('clears a mark the stored response was counted by', () => {
    expect(settleMark(mark, { countId: 'count-a' })).toBe('clear')
  })

  it('gives back a mark when the stored response was counted by another count, or before counts were marked', () => {
    expect(settleMark(mark, { countId: 'count-b' })).toBe('giveBack')
    expect(settleMark(mark, {})).toBe('giveBack')
  })
})
