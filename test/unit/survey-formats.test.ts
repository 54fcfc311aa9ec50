import {
  checkFormat,
  checkIdCard,
  coarseLocation,
  hashMaterial,
  HIDDEN,
  idCardCheckChar,
  isRegionPath,
  mask,
  normalizeMobile,
  PII_CLASSES,
  PII_INFO,
  REGION_COVERAGE,
  regionOptions,
  regionText,
  TAXONOMY,
  parseTag,
  taxonomyEntry,
  taxonomyLabel
} from '@core/survey'

/** A valid id number with the given first 17 digits. */
const withCheck = (first17: string) => first17 + idCardCheckChar(first17)

describe('mobile numbers', () => {
  it('accept what people type and store 11 digits', () => {
    for (const typed of ['13812345678', '138 1234 5678', '138-1234-5678', '+86 138 1234 5678', '008613812345678', '8613812345678', '(138)12345678']) {
      expect(normalizeMobile(typed)).toBe('13812345678')
    }
    expect(checkFormat('mobile', '199 0000 1111')).toEqual({ ok: true, value: '19900001111' })
  })

  it('reject what is not a mainland mobile', () => {
    for (const typed of ['1381234567', '138123456789', '12812345678', '23812345678', '0931-8888888', '1381234567a', '']) {
      expect(checkFormat('mobile', typed)).toEqual({ ok: false, message: '手机号格式不正确' })
    }
  })
})

describe('resident id numbers (GB 11643-1999)', () => {
  it('computes the ISO 7064 MOD 11-2 check character', () => {
    // The worked example of the standard.
    expect(idCardCheckChar('11010519491231002')).toBe('X')
    expect(checkIdCard('11010519491231002X')).toEqual({ ok: true, value: '11010519491231002X' })
  })

  it('accepts a lowercase x and spaces, and stores the canonical form', () => {
    expect(checkIdCard('110105 19491231 002x')).toEqual({ ok: true, value: '11010519491231002X' })
    const lanzhou = withCheck('62010219900307123')
    expect(checkFormat('idcard', lanzhou)).toEqual({ ok: true, value: lanzhou })
  })

  it('rejects a wrong check character, date, province or length', () => {
    expect(checkIdCard('110105194912310021')).toEqual({ ok: false, message: '身份证号校验位不正确，请核对' })
    expect(checkIdCard(withCheck('62010219900230123'))).toEqual({ ok: false, message: '身份证号中的出生日期不正确' })
    expect(checkIdCard(withCheck('62010218990101123'))).toEqual({ ok: false, message: '身份证号中的出生日期不正确' })
    expect(checkIdCard(withCheck('99010219900307123'))).toEqual({ ok: false, message: '身份证号格式不正确' })
    expect(checkIdCard('620102900307123')).toEqual({ ok: false, message: '身份证号格式不正确' })
    expect(checkIdCard('62010219900307123Y')).toEqual({ ok: false, message: '身份证号格式不正确' })
  })

  it('every single-digit typo is caught by the check character', () => {
    const good = withCheck('62010219900307123')
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === good[i]) continue
        const typo = good.slice(0, i) + d + good.slice(i + 1)
        const checked = checkIdCard(typo)
        expect(checked.ok).toBe(false)
      }
    }
  })
})

describe('email and number formats', () => {
  it('email: something@domain.tld', () => {
    expect(checkFormat('email', 'xiaowang@example.com')).toEqual({ ok: true, value: 'xiaowang@example.com' })
    expect(checkFormat('email', '小王@例子.中国')).toEqual({ ok: true, value: '小王@例子.中国' })
    for (const bad of ['xiaowang', 'xiaowang@', '@example.com', 'a@b', 'a b@example.com', 'a@@example.com', 'a@example..com']) {
      expect(checkFormat('email', bad)).toEqual({ ok: false, message: '邮箱格式不正确' })
    }
  })

  it('number: decimals as typed, no exponents or separators', () => {
    for (const good of ['42', '-3', '0.5', '1000000']) expect(checkFormat('number', good)).toEqual({ ok: true, value: good })
    for (const bad of ['1e5', '1,000', '.5', '5.', '五', '']) expect(checkFormat('number', bad)).toEqual({ ok: false, message: '请填写数字' })
  })
})

describe('region cascade', () => {
  it('offers each level below a path, and says it is a subset', () => {
    expect(regionOptions([])).toEqual(['甘肃省'])
    expect(regionOptions(['甘肃省'])).toEqual(['兰州市'])
    expect(regionOptions(['甘肃省', '兰州市'])).toEqual(['城关区', '七里河区', '安宁区', '西固区'])
    expect(regionOptions(['甘肃省', '兰州市', '城关区'])).toEqual(expect.arrayContaining(['酒泉路街道', '皋兰路街道', '东岗街道', '五里铺街道', '雁南街道']))
    expect(regionOptions(['甘肃省', '兰州市', '七里河区'])).toEqual(expect.arrayContaining(['土门墩街道', '建兰路街道']))
    expect(regionOptions(['甘肃省', '兰州市', '安宁区'])).toEqual(expect.arrayContaining(['刘家堡街道', '安宁西路街道']))
    expect(regionOptions(['甘肃省', '兰州市', '西固区'])).toEqual(expect.arrayContaining(['陈坪街道']))
    expect(regionOptions(['甘肃省', '兰州市', '城关区', '酒泉路街道'])).toEqual([])
    expect(regionOptions(['北京市'])).toEqual([])
    expect(REGION_COVERAGE).toContain('部分街道')
  })

  it('checks a path level by level', () => {
    expect(isRegionPath(['甘肃省', '兰州市', '城关区', '酒泉路街道'])).toBe(true)
    expect(isRegionPath(['甘肃省', '兰州市', '城关区'])).toBe(true)
    expect(isRegionPath(['甘肃省', '兰州市', '七里河区', '酒泉路街道'])).toBe(false)
    expect(isRegionPath(['兰州市', '城关区'])).toBe(false)
    expect(isRegionPath([])).toBe(false)
    expect(isRegionPath(['甘肃省', '兰州市', '城关区', '酒泉路街道', 'x'])).toBe(false)
  })

  it('reads as locals write it', () => {
    expect(regionText(['甘肃省', '兰州市', '城关区', '酒泉路街道'])).toBe('兰州市城关区酒泉路街道')
  })
})

describe('personal information: masking and dedupe material', () => {
  it('masks as organizers see it without the unmask right', () => {
    expect(mask('phone', '13812345678')).toBe('138****5678')
    expect(mask('idcard', '62010219900307123X')).toBe('6201**********123X')
    expect(mask('name', '王小明')).toBe('王**')
    expect(mask('name', '王')).toBe('王*')
    expect(mask('name', '欧阳娜娜')).toBe('欧***')
    expect(mask('address', ['甘肃省', '兰州市', '城关区', '酒泉路街道'])).toBe('兰州市城关区***')
    expect(mask('address', '城关区张掖路123号院2单元')).toBe('城关区张掖路***')
    expect(mask('location', { lat: 36.061051, lng: 103.832081 })).toBe('约 36.06, 103.83')
    expect(mask('health', '高血压')).toBe(HIDDEN)
    expect(mask('other-sensitive', ['a'])).toBe(HIDDEN)
    expect(mask('other', '粤B12345')).toBe(HIDDEN)
    expect(mask('none', ['a', 'b'])).toBe('a、b')
  })

  it('never throws and hides values of an unexpected kind', () => {
    for (const pii of PII_CLASSES) {
      for (const value of ['', '1', 12, true, [], ['x'], { lat: 1, lng: 2 }] as const) {
        expect(typeof mask(pii, value as never)).toBe('string')
      }
    }
    expect(mask('phone', 13812345678)).toBe(HIDDEN)
    expect(mask('location', '36,103')).toBe(HIDDEN)
  })

  it('rounds a location to about 1 km', () => {
    expect(coarseLocation({ lat: 36.061051, lng: 103.836081 })).toEqual({ lat: 36.06, lng: 103.84 })
  })

  it('gives the text to hash only for classes that identify a person, class-prefixed and canonical', () => {
    expect(hashMaterial('phone', '13812345678')).toBe('phone:13812345678')
    expect(hashMaterial('phone', '+86 138-1234-5678')).toBe('phone:13812345678')
    expect(hashMaterial('idcard', '11010519491231002x')).toBe('idcard:11010519491231002X')
    expect(hashMaterial('name', '王小明')).toBeUndefined()
    expect(hashMaterial('location', { lat: 1, lng: 1 })).toBeUndefined()
    expect(PII_INFO.idcard.sensitive && PII_INFO.health.sensitive && PII_INFO.location.sensitive).toBe(true)
    expect(PII_INFO.phone.sensitive).toBe(false)
  })
})

describe('taxonomy', () => {
  it('has unique, dot-free codes, two levels, and the article’s services', () => {
    const codes = TAXONOMY.map((entry) => entry.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const entry of TAXONOMY) {
      expect(entry.code).toMatch(/^[A-Z][A-Z0-9_]*$/)
      if (entry.parent !== undefined) {
        const parent = taxonomyEntry(entry.parent)
        expect(parent?.parent).toBeUndefined()
        expect(parent?.list).toBe(entry.list)
      }
    }
    const needs = TAXONOMY.filter((entry) => entry.list === 'need' && entry.parent === undefined).map((entry) => entry.name)
    expect(needs).toEqual(expect.arrayContaining(['健康义诊', '照看子女', '法律咨询', '就业创业', '权益保障', '婚恋交友', '技能提升']))
    const resources = TAXONOMY.filter((entry) => entry.list === 'resource').map((entry) => entry.name)
    expect(resources).toEqual(expect.arrayContaining(['场地', '律师时间', '医生', '志愿者', '充电点', '饮水点', '热饭点', '歇脚点']))
  })

  it('parses tags only under their own list', () => {
    expect(parseTag('need:LEGAL')).toEqual({ list: 'need', code: 'LEGAL' })
    expect(parseTag('resource:VENUE')).toEqual({ list: 'resource', code: 'VENUE' })
    expect(parseTag('resource:LEGAL')).toBeUndefined()
    expect(parseTag('need:NOPE')).toBeUndefined()
    expect(parseTag('LEGAL')).toBeUndefined()
    expect(taxonomyLabel('LEGAL_LABOR')).toBe('法律咨询 · 劳动纠纷')
    expect(taxonomyLabel('UNKNOWN')).toBe('UNKNOWN')
  })
})
