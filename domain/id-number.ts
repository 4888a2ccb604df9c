/**
 * Chinese resident ID number (GB 11643-1999): 6-digit address code, 8-digit birth date,
 * 3-digit sequence (odd = male, even = female), check character.
 */
import { isValidIsoDate, type IsoDate } from './business-date';
import { isKnownProvince } from './regions';

export type Gender = 'MALE' | 'FEMALE';

export interface ParsedIdNumber {
  /** Normalized: 18 upper-case ASCII characters. */
  readonly idNumber: string;
  readonly provinceCode: string;
  readonly regionCode: string;
  /** 'YYYY-MM-DD' */
  readonly birthDate: IsoDate;
  readonly gender: Gender;
}

export type IdNumberErrorCode =
  | 'ID_FORMAT'
  | 'ID_PROVINCE_UNKNOWN'
  | 'ID_BIRTH_DATE_INVALID'
  | 'ID_BIRTH_DATE_FUTURE'
  | 'ID_CHECKSUM';

export interface IdNumberError {
  readonly code: IdNumberErrorCode;
  readonly message: string;
}

export type ParseIdNumberResult =
  | { readonly ok: true; readonly value: ParsedIdNumber }
  | { readonly ok: false; readonly errors: IdNumberError[] };

export const ID_NUMBER_ERROR_MESSAGES: Readonly<Record<IdNumberErrorCode, string>> = {
  ID_FORMAT: '身份证号码应为18位,前17位为数字,最后一位为数字或X',
  ID_PROVINCE_UNKNOWN: '身份证号码的省级行政区划代码不存在',
  ID_BIRTH_DATE_INVALID: '身份证号码中的出生日期不存在',
  ID_BIRTH_DATE_FUTURE: '身份证号码中的出生日期晚于今天',
  ID_CHECKSUM: '身份证号码校验位错误',
};

const CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const ID_NUMBER_PATTERN = /^\d{17}[\dX]$/;
const FIRST_17_PATTERN = /^\d{17}$/;
/** GB 11643-1999 numbers were issued to people alive in the 20th century onward. */
const EARLIEST_BIRTH_YEAR = 1900;

const FULL_WIDTH_ZERO = 0xff10;
const FULL_WIDTH_DIGIT = /[\uFF10-\uFF19]/g;
const ANY_X = /[xｘＸ]/g;
const SPACES = /[\s\u3000]/g;

/** Trims, drops inner spaces (ASCII and full-width), maps full-width digits and any x to ASCII '0'-'9' and 'X'. */
export function normalizeIdNumber(raw: string): string {
  return raw
    .replace(SPACES, '')
    .replace(FULL_WIDTH_DIGIT, (ch) => String(ch.charCodeAt(0) - FULL_WIDTH_ZERO))
    .replace(ANY_X, 'X');
}

/** The check character for the first 17 digits of an ID number. */
export function computeCheckChar(first17: string): string {
  if (!FIRST_17_PATTERN.test(first17)) {
    throw new RangeError(`Expected exactly 17 ASCII digits: ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  CHECK_WEIGHTS.forEach((weight, i) => {
    sum += Number(first17[i]) * weight;
  });
  return CHECK_CHARS.charAt(sum % 11);
}

function error(code: IdNumberErrorCode): IdNumberError {
  return { code, message: ID_NUMBER_ERROR_MESSAGES[code] };
}

/**
 * Validates and decomposes an ID number, reporting every problem found.
 * `today` is the current date in Asia/Shanghai ('YYYY-MM-DD'), passed in so the domain has no clock.
 */
export function parseIdNumber(raw: string, today: IsoDate): ParseIdNumberResult {
  if (!isValidIsoDate(today)) {
    throw new RangeError(`today must be a valid YYYY-MM-DD date: ${JSON.stringify(today)}`);
  }
  const idNumber = normalizeIdNumber(raw);
  if (!ID_NUMBER_PATTERN.test(idNumber)) {
    return { ok: false, errors: [error('ID_FORMAT')] };
  }

  const provinceCode = idNumber.slice(0, 2);
  const regionCode = idNumber.slice(0, 6);
  const birthDigits = idNumber.slice(6, 14);
  const birthDate = `${birthDigits.slice(0, 4)}-${birthDigits.slice(4, 6)}-${birthDigits.slice(6, 8)}`;
  const sequenceDigit = Number(idNumber.charAt(16));

  const errors: IdNumberError[] = [];
  if (!isKnownProvince(provinceCode)) {
    errors.push(error('ID_PROVINCE_UNKNOWN'));
  }
  if (!isValidIsoDate(birthDate) || Number(birthDigits.slice(0, 4)) < EARLIEST_BIRTH_YEAR) {
    errors.push(error('ID_BIRTH_DATE_INVALID'));
  } else if (birthDate > today) {
    errors.push(error('ID_BIRTH_DATE_FUTURE'));
  }
  if (computeCheckChar(idNumber.slice(0, 17)) !== idNumber.charAt(17)) {
    errors.push(error('ID_CHECKSUM'));
  }

  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    value: {
      idNumber,
      provinceCode,
      regionCode,
      birthDate,
      gender: sequenceDigit % 2 === 1 ? 'MALE' : 'FEMALE',
    },
  };
}
