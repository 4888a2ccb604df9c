import {
  PROVINCES,
  SUPPORTED_CITIES,
  cityName,
  findCity,
  isKnownProvince,
  poolingRegionOf,
  provinceName,
  provinceOf,
} from '../../domain/regions';

describe('provinces', () => {
  it('lists the 34 province-level divisions with distinct codes', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(34);
  });

  it.each([
    ['11', '北京'],
    ['15', '内蒙古'],
    ['23', '黑龙江'],
    ['43', '湖南'],
    ['44', '广东'],
    ['50', '重庆'],
    ['54', '西藏'],
    ['65', '新疆'],
    ['71', '台湾'],
    ['81', '香港'],
    ['82', '澳门'],
  ])('%s is %s', (code, name) => {
    expect(isKnownProvince(code)).toBe(true);
    expect(provinceName(code)).toBe(name);
  });

  it.each(['00', '10', '16', '20', '24', '38', '47', '55', '66', '70', '80', '83', '90', '99', '4', '430'])(
    '%s is not a province',
    (code) => {
      expect(isKnownProvince(code)).toBe(false);
      expect(provinceName(code)).toBeUndefined();
    },
  );
});

describe('poolingRegionOf', () => {
  it.each([
    ['430100', '430100'],
    ['430102', '430100'],
    ['430181', '430100'],
    ['440106', '440100'],
    ['440305', '440300'],
    ['420100', '420100'],
    ['110000', '110000'],
    ['110105', '110000'],
    ['110115', '110000'],
    ['120101', '120000'],
    ['310115', '310000'],
    ['500103', '500000'],
    ['500235', '500000'],
  ])('%s pools at %s', (code, region) => {
    expect(poolingRegionOf(code)).toBe(region);
  });

  it.each(['4301', '43010a', '', '4301020'])('rejects malformed code %j', (code) => {
    expect(() => poolingRegionOf(code)).toThrow(RangeError);
  });
});

describe('provinceOf', () => {
  it.each([
    ['430102', '43'],
    ['110105', '11'],
    ['440300', '44'],
  ])('%s is in province %s', (code, province) => {
    expect(provinceOf(code)).toBe(province);
  });
});

describe('supported cities', () => {
  it.each([
    ['430100', '长沙', '43'],
    ['440100', '广州', '44'],
    ['440300', '深圳', '44'],
    ['420100', '武汉', '42'],
    ['330100', '杭州', '33'],
    ['110000', '北京', '11'],
    ['310000', '上海', '31'],
    ['120000', '天津', '12'],
    ['500000', '重庆', '50'],
    ['320100', '南京', '32'],
    ['510100', '成都', '51'],
    ['610100', '西安', '61'],
    ['410100', '郑州', '41'],
  ])('%s is %s in province %s', (code, name, provinceCode) => {
    const city = findCity(code);
    expect(city).toMatchObject({ code, name, provinceCode });
    expect(city?.agencyName).toMatch(/^.+社会保险/);
    expect(cityName(code)).toBe(name);
  });

  it('every city is its own pooling region in a known province', () => {
    for (const city of SUPPORTED_CITIES) {
      expect(poolingRegionOf(city.code)).toBe(city.code);
      expect(provinceOf(city.code)).toBe(city.provinceCode);
      expect(isKnownProvince(city.provinceCode)).toBe(true);
    }
  });

  it.each([
    ['430102', '长沙'],
    ['440106', '广州'],
    ['110105', '北京'],
    ['500103', '重庆'],
  ])('district %s resolves to %s', (code, name) => {
    expect(cityName(code)).toBe(name);
    expect(findCity(code)).toBeUndefined();
  });

  it.each(['430200', '999999', 'abc', ''])('unsupported code %j has no city', (code) => {
    expect(findCity(code)).toBeUndefined();
    expect(cityName(code)).toBeUndefined();
  });
});
