import { firstCharacter } from '@core/text'

describe('firstCharacter', () => {
  it('is the first Chinese or Latin character', () => {
    expect(firstCharacter('书法入门')).toBe('书')
    expect(firstCharacter('  Yoga')).toBe('Y')
  })

  it('keeps an emoji whole instead of half of its UTF-16 pair', () => {
    expect(firstCharacter('🚴骑手小王')).toBe('🚴')
    expect(firstCharacter('☕调配咖啡')).toBe('☕')
    expect(firstCharacter('𠀀字')).toBe('𠀀')
  })

  it('keeps what attaches to an emoji: a variation selector, a skin tone, a keycap', () => {
    expect(firstCharacter('❤️朗诵')).toBe('❤️')
    expect(firstCharacter('👍🏽好的')).toBe('👍🏽')
    expect(firstCharacter('1️⃣号')).toBe('1️⃣')
  })

  it('keeps a joined emoji and a flag as one', () => {
    expect(firstCharacter('👨‍👩‍👧一家')).toBe('👨‍👩‍👧')
    expect(firstCharacter('🧑🏻‍🍳厨房')).toBe('🧑🏻‍🍳')
    expect(firstCharacter('🇨🇳中国')).toBe('🇨🇳')
  })

  it('is empty for blank text', () => {
    expect(firstCharacter('')).toBe('')
    expect(firstCharacter('   ')).toBe('')
  })
})
