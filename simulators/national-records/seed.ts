import { computeCheckChar } from '../../domain/id-number';
import type { InsuranceType, NationalRecord, RecordStatus } from '../../domain/national-record';
import type { SeedEntry } from './app';

export type { SeedEntry } from './app';

/** ACTIVE records have no lastMonth; their monthsPaid counts up to and including this month. */
export const SEED_AS_OF_MONTH = '2026-10';

function idNumber(addressCode: string, birthDate: string, sequence: string): string {
  const first17 = `${addressCode}${birthDate}${sequence}`;
  return first17 + computeCheckChar(first17);
}

interface Place {
  cityCode: string;
  cityName: string;
}

const CHANGSHA: Place = { cityCode: '430100', cityName: '长沙' };
const CHANGSHA_FURONG: Place = { cityCode: '430102', cityName: '长沙市芙蓉区' };
const CHANGSHA_YUELU: Place = { cityCode: '430104', cityName: '长沙市岳麓区' };
const GUANGZHOU: Place = { cityCode: '440100', cityName: '广州' };
const GUANGZHOU_TIANHE: Place = { cityCode: '440106', cityName: '广州市天河区' };
const SHENZHEN: Place = { cityCode: '440300', cityName: '深圳' };
const SHENZHEN_NANSHAN: Place = { cityCode: '440305', cityName: '深圳市南山区' };
const WUHAN: Place = { cityCode: '420100', cityName: '武汉' };
const WUHAN_JIANGXIA: Place = { cityCode: '420115', cityName: '武汉市江夏区' };
const HANGZHOU: Place = { cityCode: '330100', cityName: '杭州' };
const BEIJING: Place = { cityCode: '110000', cityName: '北京' };
const BEIJING_CHAOYANG: Place = { cityCode: '110105', cityName: '北京市朝阳区' };

const ALL_TYPES: readonly InsuranceType[] = ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY', 'MATERNITY'];
const PENSION_AND_MEDICAL: readonly InsuranceType[] = ['PENSION', 'MEDICAL'];

function monthsInclusive(firstMonth: string, lastMonth: string): number {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  return index(lastMonth) - index(firstMonth) + 1;
}

interface Job {
  place: Place;
  employer: string;
  from: string;
  /** Omitted for a job still paid (ACTIVE). */
  to?: string;
  status: RecordStatus;
  types?: readonly InsuranceType[];
  /** Months inside the period the employer did not pay (arrears, unpaid leave). */
  missedMonths?: number;
}

/** One record per insurance type for one period of employment. */
function job({ place, employer, from, to, status, types = ALL_TYPES, missedMonths = 0 }: Job): NationalRecord[] {
  const monthsPaid = monthsInclusive(from, to ?? SEED_AS_OF_MONTH) - missedMonths;
  return types.map((insuranceType) => ({
    ...place,
    insuranceType,
    status,
    firstMonth: from,
    lastMonth: to ?? null,
    monthsPaid,
    employer,
  }));
}

export const SEED_CASES = {
  /** 应届毕业生, never insured anywhere: deliberately absent from the seed, a lookup returns []. */
  newHire: idNumber('430103', '20030915', '015'),
  /** 王女士 (source document): 36 months in 广州, suspended, now hired in 长沙 → pension transfer. */
  wangTransfer: idNumber('430121', '19920518', '026'),
  /** Still paying pension in 武汉 (source document's warning example) → ACTIVE_ELSEWHERE for a 长沙 hire. */
  activeWuhan: idNumber('420106', '19880702', '031'),
} as const;

const SOURCE_CASES: SeedEntry[] = [
  {
    idNumber: SEED_CASES.wangTransfer,
    note: '王女士,女:广州参保3年(2021-01至2023-12)后暂停,长沙入职需转移养老保险(源文档案例)',
    records: job({ place: GUANGZHOU, employer: '广州云帆信息科技有限公司', from: '2021-01', to: '2023-12', status: 'SUSPENDED', types: PENSION_AND_MEDICAL }),
  },
  {
    idNumber: SEED_CASES.activeWuhan,
    note: '男:武汉养老保险仍在缴,原单位尚未减员(源文档"该员工在武汉仍有在缴养老保险"警告)',
    records: job({ place: WUHAN, employer: '武汉光谷芯联半导体有限公司', from: '2019-03', status: 'ACTIVE' }),
  },
];

const CONTINUING_SAME_CITY: SeedEntry[] = [
  {
    idNumber: idNumber('430102', '19900311', '013'),
    note: '男:只在长沙参保,已暂停 → 长沙入职为续保',
    records: job({ place: CHANGSHA, employer: '长沙湘江智能制造有限公司', from: '2015-07', to: '2024-06', status: 'SUSPENDED' }),
  },
  {
    idNumber: idNumber('430104', '19950822', '044'),
    note: '女:长沙芙蓉区(区级代码430102)暂停 → 长沙入职仍算本地续保',
    records: job({ place: CHANGSHA_FURONG, employer: '长沙芙蓉星城商贸有限公司', from: '2018-09', to: '2025-03', status: 'SUSPENDED' }),
  },
  {
    idNumber: idNumber('430111', '19870130', '057'),
    note: '男:长沙两段工作,中间断缴2个月',
    records: [
      ...job({ place: CHANGSHA_YUELU, employer: '长沙麓山教育科技有限公司', from: '2012-03', to: '2018-10', status: 'SUSPENDED', missedMonths: 2 }),
      ...job({ place: CHANGSHA, employer: '长沙橘洲文化传媒有限公司', from: '2019-01', to: '2025-08', status: 'SUSPENDED' }),
    ],
  },
  {
    idNumber: idNumber('440106', '19930405', '062'),
    note: '女:广州连续参保,在广州换工作 → 广州入职为续保',
    records: [
      ...job({ place: GUANGZHOU_TIANHE, employer: '广州天河珠江数码有限公司', from: '2016-07', to: '2020-12', status: 'SUSPENDED' }),
      ...job({ place: GUANGZHOU, employer: '广州南沙港航物流有限公司', from: '2021-01', to: '2026-05', status: 'SUSPENDED' }),
    ],
  },
  {
    idNumber: idNumber('440305', '19910219', '079'),
    note: '男:深圳南山区参保后暂停,深圳入职为续保',
    records: job({ place: SHENZHEN_NANSHAN, employer: '深圳市前海星河电子有限公司', from: '2014-08', to: '2026-02', status: 'SUSPENDED' }),
  },
  {
    idNumber: idNumber('330106', '19940617', '088'),
    note: '女:杭州暂停,只有养老和医疗',
    records: job({ place: HANGZHOU, employer: '杭州西溪数智网络有限公司', from: '2017-03', to: '2026-01', status: 'SUSPENDED', types: PENSION_AND_MEDICAL }),
  },
  {
    idNumber: idNumber('110105', '19860925', '093'),
    note: '男:北京(直辖市)朝阳区暂停,北京入职为续保',
    records: job({ place: BEIJING_CHAOYANG, employer: '北京中关村启明软件有限公司', from: '2010-07', to: '2026-04', status: 'SUSPENDED' }),
  },
  {
    idNumber: idNumber('420111', '19971103', '104'),
    note: '女:武汉江夏区暂停,武汉入职为续保',
    records: job({ place: WUHAN_JIANGXIA, employer: '武汉江城汽车零部件有限公司', from: '2020-07', to: '2026-06', status: 'SUSPENDED' }),
  },
];

const TRANSFERS: SeedEntry[] = [
  {
    idNumber: idNumber('430124', '19890414', '115'),
    note: '男:深圳暂停6年,来长沙 → 转移养老保险',
    records: job({ place: SHENZHEN, employer: '深圳市鹏城通信设备有限公司', from: '2017-01', to: '2022-12', status: 'SUSPENDED' }),
  },
  {
    idNumber: idNumber('430181', '19850728', '126'),
    note: '女:两地暂停养老(广州、深圳)→ 两个转出地',
    records: [
      ...job({ place: GUANGZHOU, employer: '广州白云医药连锁有限公司', from: '2009-07', to: '2014-06', status: 'SUSPENDED', types: ['PENSION'] }),
      ...job({ place: SHENZHEN, employer: '深圳市福田金融信息服务有限公司', from: '2014-08', to: '2021-09', status: 'SUSPENDED', types: ['PENSION'] }),
    ],
  },
  {
    idNumber: idNumber('420102', '19830506', '137'),
    note: '男:两地暂停养老(武汉、杭州),另有武汉医保暂停',
    records: [
      ...job({ place: WUHAN, employer: '武汉汉正街服饰贸易有限公司', from: '2006-03', to: '2013-12', status: 'SUSPENDED', types: PENSION_AND_MEDICAL }),
      ...job({ place: HANGZHOU, employer: '杭州钱塘电子商务有限公司', from: '2014-02', to: '2020-08', status: 'SUSPENDED', types: ['PENSION'] }),
    ],
  },
  {
    idNumber: idNumber('440103', '19960212', '148'),
    note: '女:广州暂停,五险齐全 → 长沙/深圳入职需转移',
    records: job({ place: GUANGZHOU, employer: '广州越秀会展服务有限公司', from: '2018-07', to: '2025-12', status: 'SUSPENDED' }),
  },
  {
    idNumber: idNumber('110108', '19820820', '151'),
    note: '男:北京海淀长期参保后暂停 → 回长沙需转移',
    records: job({ place: BEIJING, employer: '北京海淀云图科技有限公司', from: '2005-07', to: '2024-09', status: 'SUSPENDED', missedMonths: 5 }),
  },
  {
    idNumber: idNumber('330102', '19990101', '162'),
    note: '女:杭州暂停,仅1年多,养老医疗失业',
    records: job({ place: HANGZHOU, employer: '杭州湖滨茶饮连锁有限公司', from: '2022-07', to: '2023-09', status: 'SUSPENDED', types: ['PENSION', 'MEDICAL', 'UNEMPLOYMENT'] }),
  },
  {
    idNumber: idNumber('430602', '19880315', '173'),
    note: '男:广州已转出(终止)到深圳,深圳暂停 → 转出地只有深圳',
    records: [
      ...job({ place: GUANGZHOU, employer: '广州黄埔船舶配套有限公司', from: '2010-07', to: '2015-04', status: 'TERMINATED', types: ['PENSION'] }),
      ...job({ place: SHENZHEN, employer: '深圳市宝安精密模具有限公司', from: '2015-05', to: '2024-11', status: 'SUSPENDED', types: PENSION_AND_MEDICAL }),
    ],
  },
  {
    idNumber: idNumber('420106', '19930909', '184'),
    note: '女:武汉暂停,有3个月欠缴未补 → 长沙入职需转移',
    records: job({ place: WUHAN, employer: '武汉东湖生物医药有限公司', from: '2016-09', to: '2023-06', status: 'SUSPENDED', missedMonths: 3 }),
  },
  {
    idNumber: idNumber('440304', '19900620', '195'),
    note: '男:深圳福田暂停,北京入职需转移',
    records: job({ place: SHENZHEN, employer: '深圳市福田跨境电商有限公司', from: '2013-03', to: '2026-03', status: 'SUSPENDED' }),
  },
  {
    idNumber: idNumber('110101', '19840411', '206'),
    note: '女:北京暂停后到杭州也暂停 → 两个转出地',
    records: [
      ...job({ place: BEIJING, employer: '北京东城文旅发展有限公司', from: '2007-07', to: '2016-12', status: 'SUSPENDED', types: PENSION_AND_MEDICAL }),
      ...job({ place: HANGZHOU, employer: '杭州滨江视觉技术有限公司', from: '2017-02', to: '2025-10', status: 'SUSPENDED', types: PENSION_AND_MEDICAL }),
    ],
  },
  {
    idNumber: idNumber('330105', '19810730', '217'),
    note: '男:杭州暂停、长沙暂停 → 长沙入职只需转杭州',
    records: [
      ...job({ place: HANGZHOU, employer: '杭州拱墅纺织机械有限公司', from: '2003-07', to: '2011-06', status: 'SUSPENDED' }),
      ...job({ place: CHANGSHA, employer: '长沙星沙工程机械有限公司', from: '2011-08', to: '2026-07', status: 'SUSPENDED' }),
    ],
  },
];

const ACTIVE_ELSEWHERE: SeedEntry[] = [
  {
    idNumber: idNumber('440306', '19920108', '228'),
    note: '女:深圳养老仍在缴(原单位未减员)',
    records: job({ place: SHENZHEN, employer: '深圳市宝安新能源电池有限公司', from: '2018-04', status: 'ACTIVE' }),
  },
  {
    idNumber: idNumber('330108', '19870512', '239'),
    note: '男:杭州在缴 + 广州暂停 → 既要等杭州减员又要转广州',
    records: [
      ...job({ place: GUANGZHOU, employer: '广州海珠纺织品进出口有限公司', from: '2009-07', to: '2016-03', status: 'SUSPENDED', types: ['PENSION'] }),
      ...job({ place: HANGZHOU, employer: '杭州余杭云计算有限公司', from: '2016-05', status: 'ACTIVE', types: PENSION_AND_MEDICAL }),
    ],
  },
  {
    idNumber: idNumber('110105', '19950301', '240'),
    note: '女:北京只有医疗保险在缴,养老已暂停',
    records: [
      ...job({ place: BEIJING, employer: '北京朝阳国贸咨询有限公司', from: '2019-07', to: '2025-12', status: 'SUSPENDED', types: ['PENSION'] }),
      ...job({ place: BEIJING, employer: '北京朝阳国贸咨询有限公司', from: '2019-07', status: 'ACTIVE', types: ['MEDICAL'] }),
    ],
  },
  {
    idNumber: idNumber('420103', '19900227', '251'),
    note: '男:武汉江夏区(区级代码)在缴',
    records: job({ place: WUHAN_JIANGXIA, employer: '武汉江夏光电产业园有限公司', from: '2021-03', status: 'ACTIVE' }),
  },
  {
    idNumber: idNumber('440104', '19980716', '262'),
    note: '女:广州在缴,刚入职不久',
    records: job({ place: GUANGZHOU, employer: '广州越秀文化创意有限公司', from: '2026-03', status: 'ACTIVE' }),
  },
  {
    idNumber: idNumber('430105', '19860403', '273'),
    note: '男:长沙本地仍在缴(本地原单位未减员)',
    records: job({ place: CHANGSHA, employer: '长沙开福食品加工有限公司', from: '2014-05', status: 'ACTIVE' }),
  },
];

const TERMINATED_ONLY: SeedEntry[] = [
  {
    idNumber: idNumber('440303', '19780922', '284'),
    note: '女:深圳养老已终止(已转出),无暂停记录 → 非新参保但无需转移',
    records: job({ place: SHENZHEN, employer: '深圳市罗湖珠宝首饰有限公司', from: '2000-07', to: '2012-12', status: 'TERMINATED', types: ['PENSION'] }),
  },
  {
    idNumber: idNumber('420104', '19800114', '295'),
    note: '男:武汉终止、长沙暂停(已转入长沙)',
    records: [
      ...job({ place: WUHAN, employer: '武汉硚口机电设备有限公司', from: '2002-07', to: '2010-05', status: 'TERMINATED', types: PENSION_AND_MEDICAL }),
      ...job({ place: CHANGSHA_FURONG, employer: '长沙芙蓉金融服务外包有限公司', from: '2010-06', to: '2025-11', status: 'SUSPENDED' }),
    ],
  },
  {
    idNumber: idNumber('330103', '19910505', '306'),
    note: '女:杭州医疗和生育已终止,从未缴养老',
    records: job({ place: HANGZHOU, employer: '杭州上城餐饮管理有限公司', from: '2015-07', to: '2017-06', status: 'TERMINATED', types: ['MEDICAL', 'MATERNITY'] }),
  },
  {
    idNumber: idNumber('110102', '19750618', '317'),
    note: '男:北京终止,广州终止,深圳暂停 → 只转深圳',
    records: [
      ...job({ place: BEIJING, employer: '北京西城出版印务有限公司', from: '1998-07', to: '2004-03', status: 'TERMINATED', types: ['PENSION'] }),
      ...job({ place: GUANGZHOU, employer: '广州荔湾五金制品有限公司', from: '2004-05', to: '2011-08', status: 'TERMINATED', types: ['PENSION'] }),
      ...job({ place: SHENZHEN, employer: '深圳市龙岗电子元器件有限公司', from: '2011-10', to: '2025-04', status: 'SUSPENDED', types: ['PENSION'] }),
    ],
  },
];

const OTHER_CASES: SeedEntry[] = [
  {
    idNumber: idNumber('430103', '20000229', '328'),
    note: '女(闰日出生):只有武汉医疗暂停,无养老 → 无需转移',
    records: job({ place: WUHAN, employer: '武汉洪山连锁药房有限公司', from: '2022-07', to: '2024-02', status: 'SUSPENDED', types: ['MEDICAL'] }),
  },
  {
    idNumber: idNumber('440307', '19940808', '339'),
    note: '男:深圳工伤保险单独参保(灵活用工)暂停',
    records: job({ place: SHENZHEN, employer: '深圳市龙岗即时配送有限公司', from: '2023-01', to: '2024-12', status: 'SUSPENDED', types: ['WORK_INJURY'] }),
  },
  {
    idNumber: idNumber('360102', '19890330', '340'),
    note: '女(江西籍):广州暂停、长沙暂停、深圳终止,多段经历',
    records: [
      ...job({ place: SHENZHEN, employer: '深圳市南山游戏科技有限公司', from: '2011-07', to: '2013-06', status: 'TERMINATED', types: PENSION_AND_MEDICAL }),
      ...job({ place: GUANGZHOU, employer: '广州番禺珠宝加工有限公司', from: '2013-07', to: '2018-02', status: 'SUSPENDED', types: PENSION_AND_MEDICAL }),
      ...job({ place: CHANGSHA, employer: '长沙雨花区物业服务有限公司', from: '2018-04', to: '2026-08', status: 'SUSPENDED', types: PENSION_AND_MEDICAL }),
    ],
  },
  {
    idNumber: idNumber('510104', '19931212', '351'),
    note: '男(四川籍):杭州暂停,缴费仅6个月',
    records: job({ place: HANGZHOU, employer: '杭州萧山汽车服务有限公司', from: '2024-01', to: '2024-06', status: 'SUSPENDED' }),
  },
  {
    idNumber: idNumber('430702', '19760425', '362'),
    note: '女:长沙岳麓区缴费20年以上后暂停,年龄较大',
    records: job({ place: CHANGSHA_YUELU, employer: '长沙岳麓山旅游开发有限公司', from: '1996-07', to: '2026-09', status: 'SUSPENDED', missedMonths: 14 }),
  },
  {
    idNumber: idNumber('420106', '20010808', '373'),
    note: '男:武汉实习期缴费3个月后暂停',
    records: job({ place: WUHAN, employer: '武汉武昌互联网科技有限公司', from: '2023-04', to: '2023-06', status: 'SUSPENDED' }),
  },
  {
    idNumber: idNumber('440105', '19850101', '384'),
    note: '女:广州五险暂停,另有北京养老暂停',
    records: [
      ...job({ place: BEIJING_CHAOYANG, employer: '北京朝阳传媒广告有限公司', from: '2008-07', to: '2012-12', status: 'SUSPENDED', types: ['PENSION'] }),
      ...job({ place: GUANGZHOU_TIANHE, employer: '广州天河证券投资咨询有限公司', from: '2013-03', to: '2026-06', status: 'SUSPENDED' }),
    ],
  },
  {
    idNumber: idNumber('330110', '19920919', '395'),
    note: '男:杭州在缴五险(本地人在杭州换工作)',
    records: job({ place: HANGZHOU, employer: '杭州余杭跨境物流有限公司', from: '2015-08', status: 'ACTIVE' }),
  },
  {
    idNumber: idNumber('110106', '19871017', '406'),
    note: '女:北京暂停 + 长沙暂停 + 武汉终止',
    records: [
      ...job({ place: WUHAN, employer: '武汉青山钢铁配套有限公司', from: '2009-07', to: '2011-12', status: 'TERMINATED', types: ['PENSION'] }),
      ...job({ place: BEIJING, employer: '北京丰台轨道交通设备有限公司', from: '2012-02', to: '2019-05', status: 'SUSPENDED', types: ['PENSION'] }),
      ...job({ place: CHANGSHA, employer: '长沙天心区教育培训有限公司', from: '2019-07', to: '2026-02', status: 'SUSPENDED', types: ['PENSION'] }),
    ],
  },
  {
    idNumber: idNumber('440304', '19960528', '417'),
    note: '男:深圳暂停,有1年断缴',
    records: job({ place: SHENZHEN, employer: '深圳市福田保险代理有限公司', from: '2018-07', to: '2025-06', status: 'SUSPENDED', missedMonths: 12 }),
  },
  {
    idNumber: idNumber('430102', '19910714', '428'),
    note: '女:广州暂停 + 长沙芙蓉区在缴(本地未减员)',
    records: [
      ...job({ place: GUANGZHOU, employer: '广州天河动漫设计有限公司', from: '2013-07', to: '2019-03', status: 'SUSPENDED', types: ['PENSION'] }),
      ...job({ place: CHANGSHA_FURONG, employer: '长沙芙蓉广场零售有限公司', from: '2019-05', status: 'ACTIVE', types: PENSION_AND_MEDICAL }),
    ],
  },
  {
    idNumber: idNumber('420117', '19830221', '439'),
    note: '男:武汉、深圳两地暂停',
    records: [
      ...job({ place: WUHAN, employer: '武汉黄陂农产品加工有限公司', from: '2004-07', to: '2012-09', status: 'SUSPENDED', types: PENSION_AND_MEDICAL }),
      ...job({ place: SHENZHEN, employer: '深圳市坪山生物科技有限公司', from: '2012-11', to: '2026-05', status: 'SUSPENDED', types: PENSION_AND_MEDICAL }),
    ],
  },
  {
    idNumber: idNumber('330104', '19971224', '440'),
    note: '女:杭州生育保险已终止,其余暂停',
    records: [
      ...job({ place: HANGZHOU, employer: '杭州江干电子商务有限公司', from: '2019-07', to: '2025-09', status: 'SUSPENDED', types: ['PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY'] }),
      ...job({ place: HANGZHOU, employer: '杭州江干电子商务有限公司', from: '2019-07', to: '2025-09', status: 'TERMINATED', types: ['MATERNITY'] }),
    ],
  },
  {
    idNumber: idNumber('110105', '19900606', '451'),
    note: '男:北京在缴五险 → 入职长沙需北京单位先减员',
    records: job({ place: BEIJING, employer: '北京朝阳望京互联网有限公司', from: '2013-07', status: 'ACTIVE' }),
  },
  {
    idNumber: idNumber('440106', '19881130', '462'),
    note: '女:广州暂停(2021-01至2023-12,与王女士同期),只有养老',
    records: job({ place: GUANGZHOU, employer: '广州天河软件外包有限公司', from: '2021-01', to: '2023-12', status: 'SUSPENDED', types: ['PENSION'] }),
  },
];

export const SEED_RECORDS: SeedEntry[] = [
  ...SOURCE_CASES,
  ...CONTINUING_SAME_CITY,
  ...TRANSFERS,
  ...ACTIVE_ELSEWHERE,
  ...TERMINATED_ONLY,
  ...OTHER_CASES,
];
