import {
  fittingCodes,
  normalizeTokens,
  suggestCategories,
  TAXONOMY_DEPTH,
  taxonomyMatch
} from '@core/matching'
import {
  canonicalTerm,
  codesOf,
  needCodesForTerm,
  needsServedBy,
  RELATED_CODES,
  relatedCodes,
  RESOURCE_SERVES,
  synonymsOf,
  TAXONOMY,
  TAXONOMY_TERMS,
  taxonomyEntry,
  TERM_SYNONYMS
} from '@core/survey'

describe('taxonomy vocabulary', () => {
  it('words, related pairs and resource links name real codes of the right list', () => {
    for (const code of Object.keys(TAXONOMY_TERMS)) expect(taxonomyEntry(code)).toBeDefined()
    for (const [a, b] of RELATED_CODES) {
      expect(taxonomyEntry(a)?.list).toBe('need')
      expect(taxonomyEntry(b)?.list).toBe('need')
    }
    for (const [resource, needs] of Object.entries(RESOURCE_SERVES)) {
      expect(taxonomyEntry(resource)?.list).toBe('resource')
      for (const code of needs) expect(taxonomyEntry(code)?.list).toBe('need')
    }
  })

  it('every need word points at one code, so a word classifies one way', () => {
    const owner = new Map<string, string>()
    for (const code of codesOf('need')) {
      for (const word of TAXONOMY_TERMS[code] ?? []) {
        expect([code, undefined]).toContain(owner.get(canonicalTerm(word)))
        owner.set(canonicalTerm(word), code)
      }
    }
  })

  it('synonym groups are disjoint; 欠薪 and 拖欠工资 are one word, 找对象 is 婚恋交友', () => {
    const words = TERM_SYNONYMS.flat()
    expect(new Set(words).size).toBe(words.length)
    expect(canonicalTerm('拖欠工资')).toBe(canonicalTerm('欠薪'))
    expect(needCodesForTerm('拖欠工资')).toEqual(['RIGHTS_WAGES'])
    expect(needCodesForTerm('相亲')).toEqual(['SOCIAL_DATING'])
    expect(taxonomyEntry(taxonomyEntry('SOCIAL_DATING')?.parent ?? '')?.name).toBe('婚恋交友')
    expect(synonymsOf('RIGHTS_WAGES').slice(0, 3)).toEqual(['工资报酬', '欠薪', '拖欠工资'])
    expect(synonymsOf('NOPE')).toEqual([])
  })

  it('related codes go both ways; a first-level resource serves what its children serve', () => {
    expect(relatedCodes('RIGHTS_WAGES')).toContain('LEGAL_LABOR')
    expect(relatedCodes('LEGAL_LABOR')).toContain('RIGHTS_WAGES')
    expect(needsServedBy('STATION_CHARGING')).toEqual(['BASIC_CHARGING'])
    expect(needsServedBy('PROFESSIONAL_DOCTOR')).not.toContain('LEGAL')
    expect(needsServedBy('PROFESSIONAL')).toEqual(expect.arrayContaining(['LEGAL', 'RIGHTS', 'HEALTH_CHECKUP', 'SKILLS']))
    expect(needsServedBy('STATION')).toEqual(expect.arrayContaining(['BASIC_CHARGING', 'BASIC_MEAL', 'BASIC_REST']))
  })

  it('new codes sit under their parents', () => {
    expect(taxonomyEntry('LEGAL_CONTRACT')?.parent).toBe('LEGAL')
    expect(taxonomyEntry('BASIC_TOILET')?.parent).toBe('BASIC')
    expect(taxonomyEntry('STATION_REPAIR')?.parent).toBe('STATION')
    expect(TAXONOMY.filter((entry) => entry.list === 'need' && entry.parent === undefined)).toHaveLength(9)
  })
})

describe('taxonomyMatch', () => {
  it('exact beats synonym beats broader beats narrower; siblings and other lists do not fit', () => {
    expect(taxonomyMatch('LEGAL_LABOR', ['LEGAL_LABOR'])).toMatchObject({ relation: 'exact', depth: 1, reason: '对口劳动纠纷' })
    expect(taxonomyMatch('RIGHTS_WAGES', ['LEGAL_LABOR'])).toMatchObject({ relation: 'synonym', depth: TAXONOMY_DEPTH.synonym, reason: '工资报酬与劳动纠纷相通' })
    expect(taxonomyMatch('LEGAL_LABOR', ['LEGAL'])).toMatchObject({ relation: 'broader', reason: '同属法律咨询' })
    expect(taxonomyMatch('LEGAL', ['LEGAL_LABOR'])).toMatchObject({ relation: 'narrower', reason: '同属法律咨询' })
    expect(taxonomyMatch('LEGAL_TRAFFIC', ['LEGAL_FAMILY'])).toBeUndefined()
    expect(taxonomyMatch('BASIC_CHARGING', ['STATION_CHARGING'])).toBeUndefined()
    expect(taxonomyMatch('NOPE', ['LEGAL'])).toBeUndefined()
    // The best of several codes wins, whatever their order.
    expect(taxonomyMatch('LEGAL_LABOR', ['LEGAL', 'HEALTH', 'LEGAL_LABOR'])?.serviceCode).toBe('LEGAL_LABOR')
    expect(TAXONOMY_DEPTH.exact > TAXONOMY_DEPTH.synonym && TAXONOMY_DEPTH.synonym > TAXONOMY_DEPTH.broader).toBe(true)
    expect(TAXONOMY_DEPTH.broader > TAXONOMY_DEPTH.narrower).toBe(true)
  })

  it('fittingCodes lists exactly the codes that fit', () => {
    for (const code of codesOf('need')) {
      const fitting = new Set(fittingCodes(code))
      for (const other of codesOf('need')) expect(fitting.has(other)).toBe(taxonomyMatch(code, [other]) !== undefined)
    }
    expect(fittingCodes('VENUE')).toEqual([])
  })
})

describe('text to codes', () => {
  it('joins a segmenter’s pieces into known terms and unifies synonyms', () => {
    expect(normalizeTokens(['老板', '拖欠', '工资', '三个', '月', '！'])).toEqual(['老板', '欠薪', '三个', '月'])
    expect(normalizeTokens(['我', '想', '找', '对象', '。'])).toEqual(['找对象'])
    expect(normalizeTokens(['我想', '找对象'])).toEqual(['我想', '找对象'])
    expect(normalizeTokens([' ', '123', '的'])).toEqual([])
  })

  it('suggests the category of what people write', () => {
    expect(suggestCategories(normalizeTokens(['老板', '拖欠', '工资']))[0]).toMatchObject({ code: 'RIGHTS_WAGES', terms: ['欠薪'] })
    expect(suggestCategories(normalizeTokens(['想', '找对象']))[0]).toMatchObject({ code: 'SOCIAL_DATING', label: '婚恋交友 · 联谊交友' })
    expect(suggestCategories(normalizeTokens(['电瓶', '没电', '了']))[0].code).toBe('BASIC_CHARGING')
    // Words spread over two children of 法律咨询 put the parent first.
    expect(suggestCategories(normalizeTokens(['被', '辞退', '又', '离婚']))[0]).toMatchObject({ code: 'LEGAL', terms: ['辞退', '离婚'] })
    expect(suggestCategories(normalizeTokens(['今天', '天气']))).toEqual([])
    expect(suggestCategories(normalizeTokens(['欠薪', '车祸', '离婚', '相亲']), 2)).toHaveLength(2)
  })
})
