/** Administrative divisions (GB/T 2260) as far as this service needs them. */

export interface Province {
  readonly code: string;
  /** Short name as used in everyday speech and in ID-number explanations, e.g. '内蒙古'. */
  readonly name: string;
  readonly fullName: string;
}

export interface City {
  /** Pooling-region code: XX0000 for municipalities, XXXX00 for other cities. */
  readonly code: string;
  /** Short name as used in messages, e.g. '长沙' (not '长沙市'). */
  readonly name: string;
  readonly provinceCode: string;
  /** The social insurance agency (经办机构) of the pooling region. */
  readonly agencyName: string;
}

export const PROVINCES: readonly Province[] = [
  { code: '11', name: '北京', fullName: '北京市' },
  { code: '12', name: '天津', fullName: '天津市' },
  { code: '13', name: '河北', fullName: '河北省' },
  { code: '14', name: '山西', fullName: '山西省' },
  { code: '15', name: '内蒙古', fullName: '内蒙古自治区' },
  { code: '21', name: '辽宁', fullName: '辽宁省' },
  { code: '22', name: '吉林', fullName: '吉林省' },
  { code: '23', name: '黑龙江', fullName: '黑龙江省' },
  { code: '31', name: '上海', fullName: '上海市' },
  { code: '32', name: '江苏', fullName: '江苏省' },
  { code: '33', name: '浙江', fullName: '浙江省' },
  { code: '34', name: '安徽', fullName: '安徽省' },
  { code: '35', name: '福建', fullName: '福建省' },
  { code: '36', name: '江西', fullName: '江西省' },
  { code: '37', name: '山东', fullName: '山东省' },
  { code: '41', name: '河南', fullName: '河南省' },
  { code: '42', name: '湖北', fullName: '湖北省' },
  { code: '43', name: '湖南', fullName: '湖南省' },
  { code: '44', name: '广东', fullName: '广东省' },
  { code: '45', name: '广西', fullName: '广西壮族自治区' },
  { code: '46', name: '海南', fullName: '海南省' },
  { code: '50', name: '重庆', fullName: '重庆市' },
  { code: '51', name: '四川', fullName: '四川省' },
  { code: '52', name: '贵州', fullName: '贵州省' },
  { code: '53', name: '云南', fullName: '云南省' },
  { code: '54', name: '西藏', fullName: '西藏自治区' },
  { code: '61', name: '陕西', fullName: '陕西省' },
  { code: '62', name: '甘肃', fullName: '甘肃省' },
  { code: '63', name: '青海', fullName: '青海省' },
  { code: '64', name: '宁夏', fullName: '宁夏回族自治区' },
  { code: '65', name: '新疆', fullName: '新疆维吾尔自治区' },
  { code: '71', name: '台湾', fullName: '台湾省' },
  { code: '81', name: '香港', fullName: '香港特别行政区' },
  { code: '82', name: '澳门', fullName: '澳门特别行政区' },
];

/** Province-level municipalities pool social insurance for the whole municipality. */
const MUNICIPALITY_PROVINCE_CODES: ReadonlySet<string> = new Set(['11', '12', '31', '50']);

/**
 * Pooling regions the service supports. Agency names are for seed and simulator data; local
 * agencies are renamed from time to time, so they are not authoritative.
 */
export const SUPPORTED_CITIES: readonly City[] = [
  { code: '110000', name: '北京', provinceCode: '11', agencyName: '北京市社会保险基金管理中心' },
  { code: '120000', name: '天津', provinceCode: '12', agencyName: '天津市社会保险基金管理中心' },
  { code: '310000', name: '上海', provinceCode: '31', agencyName: '上海市社会保险事业管理中心' },
  { code: '500000', name: '重庆', provinceCode: '50', agencyName: '重庆市社会保险事务中心' },
  { code: '320100', name: '南京', provinceCode: '32', agencyName: '南京市社会保险管理中心' },
  { code: '330100', name: '杭州', provinceCode: '33', agencyName: '杭州市社会保险管理服务中心' },
  { code: '410100', name: '郑州', provinceCode: '41', agencyName: '郑州市社会保险中心' },
  { code: '420100', name: '武汉', provinceCode: '42', agencyName: '武汉市社会保险中心' },
  { code: '430100', name: '长沙', provinceCode: '43', agencyName: '长沙市社会保险服务中心' },
  { code: '440100', name: '广州', provinceCode: '44', agencyName: '广州市社会保险基金管理中心' },
  { code: '440300', name: '深圳', provinceCode: '44', agencyName: '深圳市社会保险基金管理局' },
  { code: '510100', name: '成都', provinceCode: '51', agencyName: '成都市社会保险事业管理局' },
  { code: '610100', name: '西安', provinceCode: '61', agencyName: '西安市社会保险基金管理中心' },
];

const PROVINCES_BY_CODE: ReadonlyMap<string, Province> = new Map(PROVINCES.map((p) => [p.code, p]));
const CITIES_BY_CODE: ReadonlyMap<string, City> = new Map(SUPPORTED_CITIES.map((c) => [c.code, c]));

const DIVISION_CODE_PATTERN = /^\d{6}$/;

function assertDivisionCode(code: string): void {
  if (!DIVISION_CODE_PATTERN.test(code)) {
    throw new RangeError(`Not a 6-digit administrative division code: ${JSON.stringify(code)}`);
  }
}

export function isKnownProvince(code2: string): boolean {
  return PROVINCES_BY_CODE.has(code2);
}

/** Short province name ('湖南'), or undefined for an unknown code. */
export function provinceName(code2: string): string | undefined {
  return PROVINCES_BY_CODE.get(code2)?.name;
}

/** The 2-digit province code of a 6-digit division code. */
export function provinceOf(code: string): string {
  assertDivisionCode(code);
  return code.slice(0, 2);
}

/**
 * The pooling region (统筹区) a division code belongs to: the whole municipality for
 * 北京/天津/上海/重庆 ('110105' → '110000'), otherwise the prefecture-level city
 * ('430102' → '430100').
 */
export function poolingRegionOf(cityCode: string): string {
  const province = provinceOf(cityCode);
  if (MUNICIPALITY_PROVINCE_CODES.has(province)) {
    return `${province}0000`;
  }
  return `${cityCode.slice(0, 4)}00`;
}

/** The supported city whose code is exactly `code`. */
export function findCity(code: string): City | undefined {
  return CITIES_BY_CODE.get(code);
}

/**
 * Short name of the supported city that `code` pools into, so a district code also resolves
 * ('430102' → '长沙'). Undefined for codes outside the supported cities.
 */
export function cityName(code: string): string | undefined {
  if (!DIVISION_CODE_PATTERN.test(code)) return undefined;
  return findCity(poolingRegionOf(code))?.name;
}
