/** Classifies a new hire from their national social insurance records (domain.md §3). */
import type { InsuranceType, NationalRecord } from './national-record';
import { cityName, poolingRegionOf } from './regions';

export type Classification = 'NEW' | 'CONTINUING' | 'TRANSFER_NEEDED' | 'ACTIVE_ELSEWHERE';

export type WarningCode = 'ACTIVE_ELSEWHERE' | 'TRANSFER_REQUIRED' | 'ACTIVE_SAME_REGION';

export interface Warning {
  code: WarningCode;
  message: string;
  cityCode?: string;
  insuranceType?: InsuranceType;
}

/** A pooling region holding a suspended pension that must be transferred to the work region. */
export interface TransferOrigin {
  /** Pooling-region code of the origin, e.g. '440100'. */
  cityCode: string;
  cityName: string;
  /** Summed over all suspended pension rows in that region. */
  monthsPaid: number;
  /** 'YYYY-MM' */
  firstMonth: string;
  /** 'YYYY-MM'; null only if no row reported an end month. */
  lastMonth: string | null;
}

export interface ClassificationResult {
  classification: Classification;
  activeElsewhere: NationalRecord[];
  transferOrigins: TransferOrigin[];
  warnings: Warning[];
}

const INSURANCE_TYPE_NAMES: Readonly<Record<InsuranceType, string>> = {
  PENSION: '养老',
  MEDICAL: '医疗',
  UNEMPLOYMENT: '失业',
  WORK_INJURY: '工伤',
  MATERNITY: '生育',
};

/** Chinese name of an insurance type without the word 保险, e.g. '养老'. */
export function insuranceTypeName(insuranceType: InsuranceType): string {
  return INSURANCE_TYPE_NAMES[insuranceType];
}

function displayCityName(record: NationalRecord): string {
  return record.cityName.trim() || cityName(record.cityCode) || record.cityCode;
}

function activeElsewhereWarning(record: NationalRecord): Warning {
  return {
    code: 'ACTIVE_ELSEWHERE',
    message: `该员工在${displayCityName(record)}仍有在缴${insuranceTypeName(record.insuranceType)}保险,请先办理转移手续`,
    cityCode: record.cityCode,
    insuranceType: record.insuranceType,
  };
}

function transferRequiredWarning(origin: TransferOrigin): Warning {
  return {
    code: 'TRANSFER_REQUIRED',
    message: `该员工在${origin.cityName}有${origin.monthsPaid}个月养老保险缴费记录,需办理养老保险关系转移`,
    cityCode: origin.cityCode,
    insuranceType: 'PENSION',
  };
}

function laterMonth(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/** One origin per pooling region, in order of first appearance. */
function groupTransferOrigins(suspendedPensions: readonly NationalRecord[]): TransferOrigin[] {
  const byRegion = new Map<string, TransferOrigin>();
  for (const record of suspendedPensions) {
    const region = poolingRegionOf(record.cityCode);
    const existing = byRegion.get(region);
    if (existing === undefined) {
      byRegion.set(region, {
        cityCode: region,
        cityName: displayCityName(record),
        monthsPaid: record.monthsPaid,
        firstMonth: record.firstMonth,
        lastMonth: record.lastMonth,
      });
    } else {
      existing.monthsPaid += record.monthsPaid;
      existing.firstMonth = record.firstMonth < existing.firstMonth ? record.firstMonth : existing.firstMonth;
      existing.lastMonth = laterMonth(existing.lastMonth, record.lastMonth);
    }
  }
  return [...byRegion.values()];
}

/**
 * Decides how to enroll a hire working in `workCityCode`, comparing pooling regions rather than
 * raw codes so that a district of the work city counts as local.
 *
 * Precedence: ACTIVE_ELSEWHERE > TRANSFER_NEEDED > CONTINUING. Transfer origins are reported
 * whenever they exist, even under ACTIVE_ELSEWHERE, because HR must handle both. TERMINATED
 * records elsewhere mean that relationship already ended (transferred out or settled), so they
 * make the person not new but need no transfer.
 */
export function classifyRecords(
  records: readonly NationalRecord[],
  workCityCode: string,
): ClassificationResult {
  const workRegion = poolingRegionOf(workCityCode);
  if (records.length === 0) {
    return { classification: 'NEW', activeElsewhere: [], transferOrigins: [], warnings: [] };
  }

  const isElsewhere = (record: NationalRecord): boolean => poolingRegionOf(record.cityCode) !== workRegion;
  const activeElsewhere = records.filter((r) => r.status === 'ACTIVE' && isElsewhere(r));
  const activeHere = records.filter((r) => r.status === 'ACTIVE' && !isElsewhere(r));
  const transferOrigins = groupTransferOrigins(
    records.filter((r) => r.status === 'SUSPENDED' && r.insuranceType === 'PENSION' && isElsewhere(r)),
  );

  const warnings: Warning[] = [
    ...activeElsewhere.map(activeElsewhereWarning),
    ...transferOrigins.map(transferRequiredWarning),
  ];
  if (activeHere.length > 0) {
    // One warning, not one per insurance type: the action (previous employer files 减员) is the same.
    warnings.push({
      code: 'ACTIVE_SAME_REGION',
      message: '该员工在本地仍有在缴记录,需原单位先办理减员',
      cityCode: workRegion,
    });
  }

  const classification: Classification =
    activeElsewhere.length > 0 ? 'ACTIVE_ELSEWHERE' : transferOrigins.length > 0 ? 'TRANSFER_NEEDED' : 'CONTINUING';

  return { classification, activeElsewhere, transferOrigins, warnings };
}
