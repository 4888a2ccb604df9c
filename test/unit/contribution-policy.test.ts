import {
  INSURANCE_TYPES,
  INSURANCE_TYPE_NAMES,
  isInsuranceType,
} from '../../domain/contributions/insurance-types';
import {
  overlappingVersions,
  policyProblems,
  samePolicyKey,
  selectPolicyVersion,
  type PolicyKey,
  type PolicyTerms,
  type PolicyVersion,
} from '../../domain/contributions/policy';

// 长沙 2024 pension, domain.md §5 (illustrative).
const CHANGSHA_PENSION: PolicyTerms = {
  cityCode: '430100',
  insuranceType: 'PENSION',
  industryClass: null,
  effectiveFrom: '2024-01-01',
  effectiveTo: null,
  employerRatePercent: '16',
  employeeRatePercent: '8',
  baseFloor: '3604',
  baseCap: '18021',
  roundingScale: 2,
  roundingMode: 'HALF_UP',
  hireMonth: { cutoffDay: 15, onOrBefore: 'FULL', after: 'HALF' },
  leaveMonth: { cutoffDay: 15, onOrBefore: 'NONE', after: 'FULL' },
  baseSwitchMonth: 7,
};

function terms(overrides: Partial<PolicyTerms>): PolicyTerms {
  return { ...CHANGSHA_PENSION, ...overrides };
}

function version(id: string, overrides: Partial<PolicyTerms>): PolicyVersion {
  return { ...terms(overrides), id, source: 'test', note: '', illustrative: true };
}

const CHINESE = /[\u4e00-\u9fff]/;

describe('insurance types', () => {
  it('names every type in Chinese', () => {
    expect(INSURANCE_TYPE_NAMES).toEqual({
      PENSION: '养老保险',
      MEDICAL: '医疗保险(含生育)',
      UNEMPLOYMENT: '失业保险',
      WORK_INJURY: '工伤保险',
      MATERNITY: '生育保险',
      HOUSING_FUND: '住房公积金',
    });
  });

  it('recognises exactly the listed types', () => {
    for (const type of INSURANCE_TYPES) expect(isInsuranceType(type)).toBe(true);
    for (const other of ['pension', 'DENTAL', '', 'PENSION ']) expect(isInsuranceType(other)).toBe(false);
  });
});

describe('policyProblems', () => {
  it('accepts valid policies', () => {
    expect(policyProblems(CHANGSHA_PENSION)).toEqual([]);
    expect(policyProblems(terms({ insuranceType: 'WORK_INJURY', industryClass: 8, employerRatePercent: '1.9', employeeRatePercent: '0' }))).toEqual([]);
    expect(policyProblems(terms({ employerRatePercent: '100', employeeRatePercent: '0.1234', effectiveTo: '2024-01-01' }))).toEqual([]);
    expect(policyProblems(terms({ baseFloor: '3321.6', baseCap: '3321.6', roundingScale: 0, roundingMode: 'DOWN', baseSwitchMonth: 12 }))).toEqual([]);
  });

  const singleProblems: readonly [string, Partial<PolicyTerms>, string][] = [
    ['empty city code', { cityCode: ' ' }, 'cityCode'],
    ['industry class on pension', { industryClass: 3 }, 'industryClass'],
    ['work injury without class', { insuranceType: 'WORK_INJURY', industryClass: null }, 'industryClass'],
    ['work injury class 0', { insuranceType: 'WORK_INJURY', industryClass: 0 }, 'industryClass'],
    ['work injury class 9', { insuranceType: 'WORK_INJURY', industryClass: 9 }, 'industryClass'],
    ['work injury class 2.5', { insuranceType: 'WORK_INJURY', industryClass: 2.5 }, 'industryClass'],
    ['impossible start date', { effectiveFrom: '2023-02-29' }, 'effectiveFrom'],
    ['end before start', { effectiveTo: '2023-12-31' }, 'effectiveTo'],
    ['impossible end date', { effectiveTo: '2024-13-01' }, 'effectiveTo'],
    ['rate above 100', { employerRatePercent: '100.01' }, 'employerRatePercent'],
    ['negative rate', { employeeRatePercent: '-1' }, 'employeeRatePercent'],
    ['rate with 5 decimals', { employeeRatePercent: '0.12345' }, 'employeeRatePercent'],
    ['rate not a number', { employerRatePercent: '16%' }, 'employerRatePercent'],
    ['zero floor', { baseFloor: '0' }, 'baseFloor'],
    ['floor with 3 decimals', { baseFloor: '3604.001' }, 'baseFloor'],
    ['cap not a number', { baseCap: '1e5' }, 'baseCap'],
    ['floor above cap', { baseFloor: '18022' }, 'baseCap'],
    ['scale 3', { roundingScale: 3 }, 'roundingScale'],
    ['scale 1.5', { roundingScale: 1.5 }, 'roundingScale'],
    ['unknown rounding mode', { roundingMode: 'CEILING' as never }, 'roundingMode'],
    ['hire cut-off 0', { hireMonth: { cutoffDay: 0, onOrBefore: 'FULL', after: 'HALF' } }, 'hireMonth.cutoffDay'],
    ['leave cut-off 32', { leaveMonth: { cutoffDay: 32, onOrBefore: 'NONE', after: 'FULL' } }, 'leaveMonth.cutoffDay'],
    ['unknown share', { leaveMonth: { cutoffDay: 15, onOrBefore: 'NONE', after: 'QUARTER' as never } }, 'leaveMonth.after'],
    ['switch month 0', { baseSwitchMonth: 0 }, 'baseSwitchMonth'],
    ['switch month 13', { baseSwitchMonth: 13 }, 'baseSwitchMonth'],
  ];

  it.each(singleProblems)('%s', (_label, overrides, field) => {
    const problems = policyProblems(terms(overrides));
    expect(problems.map((p) => p.field)).toEqual([field]);
    expect(problems[0]?.message).toMatch(CHINESE);
  });

  it('lists every bad field at once, in Chinese', () => {
    const problems = policyProblems({
      cityCode: '',
      insuranceType: 'MEDICAL',
      industryClass: 2,
      effectiveFrom: '2024-02-30',
      effectiveTo: '2024-00-01',
      employerRatePercent: '120',
      employeeRatePercent: '2.00001',
      baseFloor: '5000.001',
      baseCap: '4000',
      roundingScale: -1,
      roundingMode: 'ROUND' as never,
      hireMonth: { cutoffDay: 15.5, onOrBefore: 'ALL' as never, after: 'HALF' },
      leaveMonth: { cutoffDay: 40, onOrBefore: 'NONE', after: 'FULL' },
      baseSwitchMonth: 0,
    });
    expect(problems.map((p) => p.field).sort()).toEqual(
      [
        'cityCode',
        'industryClass',
        'effectiveFrom',
        'effectiveTo',
        'employerRatePercent',
        'employeeRatePercent',
        'baseFloor',
        'baseCap',
        'roundingScale',
        'roundingMode',
        'hireMonth.cutoffDay',
        'hireMonth.onOrBefore',
        'leaveMonth.cutoffDay',
        'baseSwitchMonth',
      ].sort(),
    );
    for (const problem of problems) expect(problem.message).toMatch(CHINESE);
  });
});

describe('samePolicyKey', () => {
  const key: PolicyKey = { cityCode: '430100', insuranceType: 'WORK_INJURY', industryClass: 2 };
  it('compares city, type and industry class', () => {
    expect(samePolicyKey(key, { ...key })).toBe(true);
    expect(samePolicyKey(key, { ...key, cityCode: '110100' })).toBe(false);
    expect(samePolicyKey(key, { ...key, insuranceType: 'PENSION' })).toBe(false);
    expect(samePolicyKey(key, { ...key, industryClass: 3 })).toBe(false);
    expect(samePolicyKey(key, { ...key, industryClass: null })).toBe(false);
  });
});

describe('overlappingVersions', () => {
  const open2024 = version('open-2024', { effectiveFrom: '2024-01-01', effectiveTo: null });
  const closed2023 = version('closed-2023', { effectiveFrom: '2023-01-01', effectiveTo: '2023-12-31' });
  const beijing2024 = version('beijing-2024', { cityCode: '110100', effectiveFrom: '2024-01-01' });
  const medical2024 = version('medical-2024', { insuranceType: 'MEDICAL', effectiveFrom: '2024-01-01' });
  const existing = [open2024, closed2023, beijing2024, medical2024];

  const cases: readonly [string, Partial<PolicyTerms>, string[]][] = [
    ['same start date', { effectiveFrom: '2024-01-01', effectiveTo: null }, ['open-2024']],
    ['same start date with an end', { effectiveFrom: '2024-01-01', effectiveTo: '2024-06-30' }, ['open-2024']],
    ['later start supersedes an open-ended version', { effectiveFrom: '2024-07-01', effectiveTo: null }, []],
    ['temporary override inside an open-ended version', { effectiveFrom: '2024-03-01', effectiveTo: '2024-05-31' }, []],
    ['starts on the last day of an explicit end', { effectiveFrom: '2023-12-31', effectiveTo: null }, ['closed-2023']],
    ['starts inside an explicit range', { effectiveFrom: '2023-06-01', effectiveTo: '2023-06-30' }, ['closed-2023']],
    ['starts the day after an explicit end', { effectiveFrom: '2024-01-02', effectiveTo: null }, []],
    ['own explicit end reaches a later start', { effectiveFrom: '2022-01-01', effectiveTo: '2023-01-01' }, ['closed-2023']],
    ['own explicit end reaches two later starts', { effectiveFrom: '2022-01-01', effectiveTo: '2024-01-01' }, ['closed-2023', 'open-2024']],
    ['own explicit end stops before a later start', { effectiveFrom: '2022-01-01', effectiveTo: '2022-12-31' }, []],
    ['open-ended and earlier than the others', { effectiveFrom: '2022-01-01', effectiveTo: null }, []],
  ];

  it.each(cases)('%s', (_label, overrides, expectedIds) => {
    expect(overlappingVersions(existing, terms(overrides)).map((v) => v.id).sort()).toEqual(expectedIds.sort());
  });

  it('only compares versions of the same key', () => {
    const candidate = terms({ cityCode: '110100', effectiveFrom: '2024-01-01' });
    expect(overlappingVersions(existing, candidate).map((v) => v.id)).toEqual(['beijing-2024']);
  });
});

describe('selectPolicyVersion', () => {
  const versions: PolicyVersion[] = [
    version('pension-2023', { effectiveFrom: '2023-01-01', effectiveTo: null, employerRatePercent: '16' }),
    version('pension-2024', { effectiveFrom: '2024-01-01', effectiveTo: null, employerRatePercent: '16', baseFloor: '3604' }),
    version('pension-override', { effectiveFrom: '2024-03-01', effectiveTo: '2024-05-31', employerRatePercent: '15' }),
    version('medical-2024', { insuranceType: 'MEDICAL', effectiveFrom: '2024-01-01', employerRatePercent: '8', employeeRatePercent: '2' }),
    version('beijing-pension', { cityCode: '110100', effectiveFrom: '2024-01-01', baseFloor: '6821', baseCap: '35283' }),
    version('injury-1', { insuranceType: 'WORK_INJURY', industryClass: 1, effectiveFrom: '2024-01-01', employerRatePercent: '0.2', employeeRatePercent: '0' }),
    version('injury-2', { insuranceType: 'WORK_INJURY', industryClass: 2, effectiveFrom: '2024-01-01', employerRatePercent: '0.4', employeeRatePercent: '0' }),
  ];
  const pension: PolicyKey = { cityCode: '430100', insuranceType: 'PENSION', industryClass: null };

  const dates: readonly [string, string | undefined][] = [
    ['2022-12-31', undefined],
    ['2023-01-01', 'pension-2023'],
    ['2023-12-31', 'pension-2023'],
    ['2024-01-01', 'pension-2024'],
    ['2024-02-29', 'pension-2024'],
    ['2024-03-01', 'pension-override'],
    ['2024-05-31', 'pension-override'],
    ['2024-06-01', 'pension-2024'],
    ['2030-01-01', 'pension-2024'],
  ];

  it.each(dates)('on %s picks %s', (date, expectedId) => {
    expect(selectPolicyVersion(versions, pension, date)?.id).toBe(expectedId);
    expect(selectPolicyVersion([...versions].reverse(), pension, date)?.id).toBe(expectedId);
  });

  it('selects by city, type and industry class', () => {
    expect(selectPolicyVersion(versions, { ...pension, insuranceType: 'MEDICAL' }, '2024-04-01')?.id).toBe('medical-2024');
    expect(selectPolicyVersion(versions, { ...pension, cityCode: '110100' }, '2024-04-01')?.id).toBe('beijing-pension');
    expect(selectPolicyVersion(versions, { ...pension, cityCode: '330100' }, '2024-04-01')).toBeUndefined();
    expect(selectPolicyVersion(versions, { ...pension, insuranceType: 'UNEMPLOYMENT' }, '2024-04-01')).toBeUndefined();
    const injury: PolicyKey = { cityCode: '430100', insuranceType: 'WORK_INJURY', industryClass: 2 };
    expect(selectPolicyVersion(versions, injury, '2024-04-01')?.id).toBe('injury-2');
    expect(selectPolicyVersion(versions, { ...injury, industryClass: 1 }, '2024-04-01')?.id).toBe('injury-1');
    expect(selectPolicyVersion(versions, { ...injury, industryClass: 3 }, '2024-04-01')).toBeUndefined();
    expect(selectPolicyVersion(versions, { ...injury, industryClass: null }, '2024-04-01')).toBeUndefined();
  });
});
