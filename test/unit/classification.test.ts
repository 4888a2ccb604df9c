import { classifyRecords, insuranceTypeName, type ClassificationResult } from '../../domain/classification';
import type { InsuranceType, NationalRecord } from '../../domain/national-record';

const CHANGSHA = '430100';

function record(overrides: Partial<NationalRecord>): NationalRecord {
  return {
    cityCode: '440100',
    cityName: '广州',
    insuranceType: 'PENSION',
    status: 'SUSPENDED',
    firstMonth: '2020-01',
    lastMonth: '2022-12',
    monthsPaid: 36,
    employer: '广州某科技有限公司',
    ...overrides,
  };
}

const activeHere = (insuranceType: InsuranceType, cityCode = CHANGSHA): NationalRecord =>
  record({ cityCode, cityName: '长沙', insuranceType, status: 'ACTIVE', lastMonth: null, employer: '长沙原单位' });

describe('classifyRecords: the three cases from domain.md §3', () => {
  it('no record anywhere → NEW', () => {
    expect(classifyRecords([], CHANGSHA)).toEqual<ClassificationResult>({
      classification: 'NEW',
      activeElsewhere: [],
      transferOrigins: [],
      warnings: [],
    });
  });

  it('王女士: 36 months of suspended pension in 广州, hired in 长沙 → TRANSFER_NEEDED', () => {
    const result = classifyRecords([record({})], CHANGSHA);
    expect(result.classification).toBe('TRANSFER_NEEDED');
    expect(result.activeElsewhere).toEqual([]);
    expect(result.transferOrigins).toEqual([
      { cityCode: '440100', cityName: '广州', monthsPaid: 36, firstMonth: '2020-01', lastMonth: '2022-12' },
    ]);
    expect(result.warnings).toEqual([
      {
        code: 'TRANSFER_REQUIRED',
        message: '该员工在广州有36个月养老保险缴费记录,需办理养老保险关系转移',
        cityCode: '440100',
        insuranceType: 'PENSION',
      },
    ]);
  });

  it('active pension in 武汉, hired in 长沙 → ACTIVE_ELSEWHERE with the exact warning', () => {
    const wuhan = record({ cityCode: '420100', cityName: '武汉', status: 'ACTIVE', lastMonth: null });
    const result = classifyRecords([wuhan], CHANGSHA);
    expect(result.classification).toBe('ACTIVE_ELSEWHERE');
    expect(result.activeElsewhere).toEqual([wuhan]);
    expect(result.transferOrigins).toEqual([]);
    expect(result.warnings).toEqual([
      {
        code: 'ACTIVE_ELSEWHERE',
        message: '该员工在武汉仍有在缴养老保险,请先办理转移手续',
        cityCode: '420100',
        insuranceType: 'PENSION',
      },
    ]);
  });
});

describe('classifyRecords: classification table', () => {
  it.each<[string, NationalRecord[], string, ClassificationResult['classification']]>([
    ['same-region records only', [record({ cityCode: CHANGSHA, cityName: '长沙', status: 'TERMINATED' })], CHANGSHA, 'CONTINUING'],
    ['same-region suspended pension needs no transfer', [record({ cityCode: CHANGSHA, cityName: '长沙' })], CHANGSHA, 'CONTINUING'],
    ['suspended pension in a district of the work city', [record({ cityCode: '430102', cityName: '芙蓉区' })], CHANGSHA, 'CONTINUING'],
    ['active record in a district of the work city', [activeHere('PENSION', '430104')], CHANGSHA, 'CONTINUING'],
    ['hired in a district, record at city level', [record({ cityCode: CHANGSHA, cityName: '长沙' })], '430105', 'CONTINUING'],
    ['terminated pension elsewhere (already transferred out)', [record({ status: 'TERMINATED' })], CHANGSHA, 'CONTINUING'],
    ['suspended medical elsewhere is not a pension transfer', [record({ insuranceType: 'MEDICAL' })], CHANGSHA, 'CONTINUING'],
    ['Beijing districts pool at 110000', [record({ cityCode: '110105', cityName: '朝阳区' })], '110108', 'CONTINUING'],
    ['Beijing district vs Beijing code', [record({ cityCode: '110105', cityName: '朝阳区', status: 'ACTIVE' })], '110000', 'CONTINUING'],
    ['Chongqing county pools at 500000', [record({ cityCode: '500235', cityName: '云阳县' })], '500103', 'CONTINUING'],
    ['suspended pension in a Guangzhou district', [record({ cityCode: '440106', cityName: '天河区' })], CHANGSHA, 'TRANSFER_NEEDED'],
    ['another city in the same province is elsewhere', [record({ cityCode: '430200', cityName: '株洲' })], CHANGSHA, 'TRANSFER_NEEDED'],
    ['Beijing pension for a Tianjin hire', [record({ cityCode: '110105', cityName: '北京' })], '120101', 'TRANSFER_NEEDED'],
    ['active medical elsewhere blocks too', [record({ insuranceType: 'MEDICAL', status: 'ACTIVE', cityCode: '420100' })], CHANGSHA, 'ACTIVE_ELSEWHERE'],
    [
      'ACTIVE elsewhere wins over SUSPENDED elsewhere',
      [record({}), record({ cityCode: '420100', cityName: '武汉', status: 'ACTIVE', lastMonth: null })],
      CHANGSHA,
      'ACTIVE_ELSEWHERE',
    ],
    [
      'TRANSFER_NEEDED wins over same-region records',
      [activeHere('MEDICAL'), record({ cityCode: CHANGSHA, status: 'TERMINATED' }), record({})],
      CHANGSHA,
      'TRANSFER_NEEDED',
    ],
  ])('%s → %s', (_label, records, workCityCode, expected) => {
    expect(classifyRecords(records, workCityCode).classification).toBe(expected);
  });
});

describe('classifyRecords: details', () => {
  it('ACTIVE elsewhere wins but still reports the suspended origin', () => {
    const wuhanActive = record({ cityCode: '420100', cityName: '武汉', status: 'ACTIVE', lastMonth: null });
    const result = classifyRecords([record({}), wuhanActive], CHANGSHA);
    expect(result.classification).toBe('ACTIVE_ELSEWHERE');
    expect(result.activeElsewhere).toEqual([wuhanActive]);
    expect(result.transferOrigins.map((o) => o.cityCode)).toEqual(['440100']);
    expect(result.warnings.map((w) => w.code)).toEqual(['ACTIVE_ELSEWHERE', 'TRANSFER_REQUIRED']);
  });

  it('one ACTIVE_ELSEWHERE warning per active record, named by insurance type', () => {
    const types: InsuranceType[] = ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY', 'MATERNITY'];
    const records = types.map((insuranceType) =>
      record({ cityCode: '420102', cityName: '武汉', insuranceType, status: 'ACTIVE', lastMonth: null }),
    );
    const result = classifyRecords(records, CHANGSHA);
    expect(result.warnings.map((w) => w.message)).toEqual([
      '该员工在武汉仍有在缴养老保险,请先办理转移手续',
      '该员工在武汉仍有在缴医疗保险,请先办理转移手续',
      '该员工在武汉仍有在缴失业保险,请先办理转移手续',
      '该员工在武汉仍有在缴工伤保险,请先办理转移手续',
      '该员工在武汉仍有在缴生育保险,请先办理转移手续',
    ]);
    expect(result.warnings.map((w) => w.insuranceType)).toEqual(types);
  });

  it.each([
    ['record has no city name, known city', '420100', '', '武汉'],
    ['record has no city name, known city via district', '420102', ' ', '武汉'],
    ['record has no city name, unknown city', '430200', '', '430200'],
    ['record city name wins', '420100', '武汉市', '武汉市'],
  ])('%s → warning names %s', (_label, cityCode, recordCityName, shownName) => {
    const result = classifyRecords([record({ cityCode, cityName: recordCityName, status: 'ACTIVE' })], CHANGSHA);
    expect(result.warnings[0]?.message).toBe(`该员工在${shownName}仍有在缴养老保险,请先办理转移手续`);
  });

  it('sums several suspended pension rows per pooling region and keeps regions apart', () => {
    const result = classifyRecords(
      [
        record({ cityCode: '440106', monthsPaid: 12, firstMonth: '2015-03', lastMonth: '2016-02' }),
        record({ cityCode: '420100', cityName: '武汉', monthsPaid: 5, firstMonth: '2017-01', lastMonth: '2017-05' }),
        record({ cityCode: '440104', monthsPaid: 24, firstMonth: '2018-01', lastMonth: '2019-12' }),
        // Not part of the origin: medical, terminated, and same-region rows.
        record({ cityCode: '440100', insuranceType: 'MEDICAL', monthsPaid: 99 }),
        record({ cityCode: '440100', status: 'TERMINATED', monthsPaid: 99 }),
        record({ cityCode: CHANGSHA, cityName: '长沙', monthsPaid: 99 }),
      ],
      CHANGSHA,
    );
    expect(result.classification).toBe('TRANSFER_NEEDED');
    expect(result.transferOrigins).toEqual([
      { cityCode: '440100', cityName: '广州', monthsPaid: 36, firstMonth: '2015-03', lastMonth: '2019-12' },
      { cityCode: '420100', cityName: '武汉', monthsPaid: 5, firstMonth: '2017-01', lastMonth: '2017-05' },
    ]);
    expect(result.warnings.map((w) => w.message)).toEqual([
      '该员工在广州有36个月养老保险缴费记录,需办理养老保险关系转移',
      '该员工在武汉有5个月养老保险缴费记录,需办理养老保险关系转移',
    ]);
  });

  it('an ACTIVE record in the same region adds one non-blocking warning', () => {
    const result = classifyRecords([activeHere('PENSION', '430102'), activeHere('MEDICAL')], CHANGSHA);
    expect(result.classification).toBe('CONTINUING');
    expect(result.activeElsewhere).toEqual([]);
    expect(result.warnings).toEqual([
      { code: 'ACTIVE_SAME_REGION', message: '该员工在本地仍有在缴记录,需原单位先办理减员', cityCode: CHANGSHA },
    ]);
  });

  it('same-region ACTIVE warning accompanies TRANSFER_NEEDED', () => {
    const result = classifyRecords([activeHere('MEDICAL'), record({})], CHANGSHA);
    expect(result.warnings.map((w) => w.code)).toEqual(['TRANSFER_REQUIRED', 'ACTIVE_SAME_REGION']);
  });

  it('non-active records in the same region give no warnings', () => {
    const result = classifyRecords(
      [record({ cityCode: CHANGSHA, status: 'TERMINATED' }), record({ cityCode: '430102', status: 'SUSPENDED' })],
      CHANGSHA,
    );
    expect(result).toEqual({ classification: 'CONTINUING', activeElsewhere: [], transferOrigins: [], warnings: [] });
  });

  it('rejects a malformed work city code', () => {
    expect(() => classifyRecords([], '4301')).toThrow(RangeError);
  });
});

describe('insuranceTypeName', () => {
  it.each([
    ['PENSION', '养老'],
    ['MEDICAL', '医疗'],
    ['UNEMPLOYMENT', '失业'],
    ['WORK_INJURY', '工伤'],
    ['MATERNITY', '生育'],
  ] as const)('%s → %s', (type, name) => {
    expect(insuranceTypeName(type)).toBe(name);
  });
});
