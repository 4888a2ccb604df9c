import { computeCheckChar, normalizeIdNumber, parseIdNumber } from '../../domain/id-number';

const TODAY = '2024-06-15';

/** A number with a correct check character. */
function validId(first17: string): string {
  return first17 + computeCheckChar(first17);
}

/** Same first 17 digits, deliberately wrong check character. */
function wrongCheckId(first17: string): string {
  const correct = computeCheckChar(first17);
  return first17 + (correct === '0' ? '1' : '0');
}

function toFullWidth(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

function errorCodes(raw: string, today = TODAY): string[] {
  const result = parseIdNumber(raw, today);
  return result.ok ? [] : result.errors.map((e) => e.code);
}

describe('computeCheckChar', () => {
  // Expected values computed by hand from the GB 11643-1999 weights, not by this implementation.
  it.each([
    ['11010519491231002', 'X'],
    ['44010619851120004', 'X'],
    ['44052418800101001', '4'],
    ['43010219900307123', '4'],
  ])('%s → %s', (first17, check) => {
    expect(computeCheckChar(first17)).toBe(check);
  });

  it.each(['1101051949123100', '110105194912310021', '1101051949123100a', '１１０１０５１９４９１２３１００２'])(
    'rejects %j',
    (input) => {
      expect(() => computeCheckChar(input)).toThrow(RangeError);
    },
  );
});

describe('normalizeIdNumber', () => {
  it.each([
    ['11010519491231002x', '11010519491231002X'],
    ['11010519491231002ｘ', '11010519491231002X'],
    ['11010519491231002Ｘ', '11010519491231002X'],
    ['  11010519491231002X\t', '11010519491231002X'],
    ['110105 19491231 002X', '11010519491231002X'],
    ['110105\u300019491231\u3000002X', '11010519491231002X'],
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X'],
    ['430102199003071234', '430102199003071234'],
  ])('%j → %s', (raw, normalized) => {
    expect(normalizeIdNumber(raw)).toBe(normalized);
  });
});

describe('parseIdNumber: valid numbers', () => {
  it.each([
    // Hand-verified literal: Y = 167 mod 11 = 2 → 'X'; sequence digit 2 → female.
    ['well-known literal', '11010519491231002X', '11010519491231002X', '11', '110105', '1949-12-31', 'FEMALE'],
    ['lower-case x', '11010519491231002x', '11010519491231002X', '11', '110105', '1949-12-31', 'FEMALE'],
    ['full-width digits', toFullWidth('43010219900307123') + '4', '430102199003071234', '43', '430102', '1990-03-07', 'MALE'],
    ['spaces inside', ' 430102 19900307 1234 ', '430102199003071234', '43', '430102', '1990-03-07', 'MALE'],
    ['generated, check X', validId('44010619851120004'), '44010619851120004X', '44', '440106', '1985-11-20', 'FEMALE'],
    ['leap day', validId('33010620000229001'), validId('33010620000229001'), '33', '330106', '2000-02-29', 'MALE'],
    ['born today', validId('42010220240615002'), validId('42010220240615002'), '42', '420102', '2024-06-15', 'FEMALE'],
    ['born 1900-01-01', validId('51010719000101008'), validId('51010719000101008'), '51', '510107', '1900-01-01', 'FEMALE'],
    // County code 430199 does not exist; county codes are not checked because they get retired.
    ['unknown county', validId('43019919900307123'), validId('43019919900307123'), '43', '430199', '1990-03-07', 'MALE'],
    ['Hong Kong province code', validId('81000019800101001'), validId('81000019800101001'), '81', '810000', '1980-01-01', 'MALE'],
  ])(
    '%s',
    (_label, raw, idNumber, provinceCode, regionCode, birthDate, gender) => {
      expect(parseIdNumber(raw, TODAY)).toEqual({
        ok: true,
        value: { idNumber, provinceCode, regionCode, birthDate, gender },
      });
    },
  );
});

describe('parseIdNumber: invalid numbers', () => {
  it.each([
    ['too short', '43010219900307123', ['ID_FORMAT']],
    ['too long', '4301021990030712345', ['ID_FORMAT']],
    ['empty', '', ['ID_FORMAT']],
    ['letters inside', '43010219900307A234', ['ID_FORMAT']],
    ['X not in last place', '4301021990030712X4', ['ID_FORMAT']],
    ['other letter as check char', '43010219900307123Y', ['ID_FORMAT']],
    ['hyphenated', '430102-19900307-1234', ['ID_FORMAT']],
    ['bad checksum', wrongCheckId('43010219900307123'), ['ID_CHECKSUM']],
    ['X where a digit belongs', '43010219900307123X', ['ID_CHECKSUM']],
    ['impossible date 1999-02-30', validId('43010219990230123'), ['ID_BIRTH_DATE_INVALID']],
    ['not a leap year 2023-02-29', validId('43010220230229123'), ['ID_BIRTH_DATE_INVALID']],
    ['month 13', validId('43010219901301123'), ['ID_BIRTH_DATE_INVALID']],
    ['day 00', validId('43010219900300123'), ['ID_BIRTH_DATE_INVALID']],
    ['impossible date that is also in the future', validId('43010220301301123'), ['ID_BIRTH_DATE_INVALID']],
    // Well-known example number (孙中山, check char hand-verified: Y = 195 mod 11 = 8 → '4'); born 1880.
    ['before 1900', '440524188001010014', ['ID_BIRTH_DATE_INVALID']],
    ['born tomorrow', validId('43010220240616123'), ['ID_BIRTH_DATE_FUTURE']],
    ['born next year', validId('43010220250101123'), ['ID_BIRTH_DATE_FUTURE']],
    ['unknown province 99', validId('99010219900307123'), ['ID_PROVINCE_UNKNOWN']],
    ['unknown province 00', validId('00010219900307123'), ['ID_PROVINCE_UNKNOWN']],
    ['bad date and bad checksum', wrongCheckId('43010219990230123'), ['ID_BIRTH_DATE_INVALID', 'ID_CHECKSUM']],
    ['future date and bad checksum', wrongCheckId('43010220301231123'), ['ID_BIRTH_DATE_FUTURE', 'ID_CHECKSUM']],
    [
      'unknown province, bad date and bad checksum',
      wrongCheckId('99010219990230123'),
      ['ID_PROVINCE_UNKNOWN', 'ID_BIRTH_DATE_INVALID', 'ID_CHECKSUM'],
    ],
  ])('%s (%s) → %j', (_label, raw, codes) => {
    expect(errorCodes(raw)).toEqual(codes);
  });

  it('future is relative to the today passed in', () => {
    const id = validId('43010220240616123');
    expect(errorCodes(id, '2024-06-15')).toEqual(['ID_BIRTH_DATE_FUTURE']);
    expect(errorCodes(id, '2024-06-16')).toEqual([]);
  });

  it.each([
    ['ID_FORMAT', '身份证号码应为18位,前17位为数字,最后一位为数字或X', '4301021990'],
    ['ID_PROVINCE_UNKNOWN', '身份证号码的省级行政区划代码不存在', validId('99010219900307123')],
    ['ID_BIRTH_DATE_INVALID', '身份证号码中的出生日期不存在', validId('43010219990230123')],
    ['ID_BIRTH_DATE_FUTURE', '身份证号码中的出生日期晚于今天', validId('43010220240616123')],
    ['ID_CHECKSUM', '身份证号码校验位错误', wrongCheckId('43010219900307123')],
  ])('%s carries the message %s', (code, message, raw) => {
    expect(parseIdNumber(raw, TODAY)).toEqual({ ok: false, errors: [{ code, message }] });
  });

  it.each(['2024-6-15', '2024-02-30', ''])('rejects an invalid today %j', (today) => {
    expect(() => parseIdNumber('11010519491231002X', today)).toThrow(RangeError);
  });
});
