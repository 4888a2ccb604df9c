import type { IsoDate } from '../../domain/business-date';
import {
  STEP_LIMITS,
  TRANSFER_FLAGS,
  TRANSFER_STATUSES,
  canTransition,
  individualAccountRate,
  isTerminal,
  needsTemporaryAccount,
  overdueCheck,
  pooledFundAmount,
  type TemporaryAccountInput,
  type TransferStatus,
} from '../../domain/transfer';

describe('statuses and flags', () => {
  it('lists the twelve statuses and three flags of domain.md §4.2', () => {
    expect([...TRANSFER_STATUSES].sort()).toEqual(
      [
        'AWAITING_SIGNATURE',
        'CANCELLED',
        'COMPLETED',
        'CONTACT_LETTER_SENT',
        'DRAFT',
        'FORM_GENERATED',
        'FUNDS_TRANSFERRED',
        'ORIGIN_REVIEWED',
        'REJECTED',
        'SIGNATURE_EXPIRED',
        'SIGNED',
        'SUBMITTED',
      ].sort(),
    );
    expect(TRANSFER_FLAGS).toEqual(['OVERDUE', 'TEMP_ACCOUNT', 'PARTIAL']);
  });
});

describe('canTransition', () => {
  // Written out independently of the table in the code.
  const ALLOWED: readonly [TransferStatus, TransferStatus][] = [
    ['DRAFT', 'FORM_GENERATED'],
    ['FORM_GENERATED', 'AWAITING_SIGNATURE'],
    ['AWAITING_SIGNATURE', 'SIGNED'],
    ['SIGNED', 'SUBMITTED'],
    ['SUBMITTED', 'CONTACT_LETTER_SENT'],
    ['CONTACT_LETTER_SENT', 'ORIGIN_REVIEWED'],
    ['ORIGIN_REVIEWED', 'FUNDS_TRANSFERRED'],
    ['FUNDS_TRANSFERRED', 'COMPLETED'],
    ['SUBMITTED', 'REJECTED'],
    ['CONTACT_LETTER_SENT', 'REJECTED'],
    ['ORIGIN_REVIEWED', 'REJECTED'],
    ['REJECTED', 'FORM_GENERATED'],
    ['AWAITING_SIGNATURE', 'SIGNATURE_EXPIRED'],
    ['SIGNATURE_EXPIRED', 'AWAITING_SIGNATURE'],
    ['DRAFT', 'CANCELLED'],
    ['FORM_GENERATED', 'CANCELLED'],
    ['AWAITING_SIGNATURE', 'CANCELLED'],
    ['SIGNED', 'CANCELLED'],
    ['SUBMITTED', 'CANCELLED'],
    ['CONTACT_LETTER_SENT', 'CANCELLED'],
    ['ORIGIN_REVIEWED', 'CANCELLED'],
    ['FUNDS_TRANSFERRED', 'CANCELLED'],
    ['REJECTED', 'CANCELLED'],
    ['SIGNATURE_EXPIRED', 'CANCELLED'],
  ];

  it.each(ALLOWED)('%s → %s is allowed', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each<[TransferStatus, TransferStatus, string]>([
    ['DRAFT', 'SUBMITTED', 'skips form and signature'],
    ['FORM_GENERATED', 'SIGNED', 'skips the signature request'],
    ['SIGNED', 'COMPLETED', 'skips the whole agency process'],
    ['SUBMITTED', 'FUNDS_TRANSFERRED', 'skips the contact letter'],
    ['SUBMITTED', 'SIGNED', 'goes backwards'],
    ['REJECTED', 'SUBMITTED', 'resubmission goes through a new form'],
    ['FUNDS_TRANSFERRED', 'REJECTED', 'funds already moved'],
    ['SIGNED', 'REJECTED', 'not yet at an agency'],
    ['SIGNATURE_EXPIRED', 'SIGNED', 'an expired request cannot be signed'],
    ['COMPLETED', 'CANCELLED', 'COMPLETED is terminal'],
    ['CANCELLED', 'DRAFT', 'CANCELLED is terminal'],
    ['SUBMITTED', 'SUBMITTED', 'no self-transition'],
  ])('%s → %s is forbidden (%s)', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('allows exactly the listed pairs among all 144', () => {
    const allowed = new Set(ALLOWED.map(([from, to]) => `${from}>${to}`));
    const mismatches: string[] = [];
    for (const from of TRANSFER_STATUSES) {
      for (const to of TRANSFER_STATUSES) {
        if (canTransition(from, to) !== allowed.has(`${from}>${to}`)) mismatches.push(`${from}>${to}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('isTerminal', () => {
  it.each(TRANSFER_STATUSES.map((s) => [s, s === 'COMPLETED' || s === 'CANCELLED'] as const))(
    '%s → %s',
    (status, expected) => {
      expect(isTerminal(status)).toBe(expected);
    },
  );
});

describe('STEP_LIMITS', () => {
  it.each([
    ['SUBMITTED', 'CONTACT_LETTER_SENT', 15],
    ['CONTACT_LETTER_SENT', 'FUNDS_TRANSFERRED', 15],
    ['FUNDS_TRANSFERRED', 'COMPLETED', 15],
    ['SUBMITTED', 'COMPLETED', 45],
  ])('%s → %s within %i working days', (from, to, limit) => {
    expect(STEP_LIMITS.find((l) => l.from === from && l.to === to)?.limitWorkingDays).toBe(limit);
  });
});

describe('overdueCheck', () => {
  // 2025-01-20 + 15 working days = 2025-02-14 (Spring Festival and its make-up days in between);
  // + 15 more = 2025-03-07.
  const onTime = {
    SUBMITTED: '2025-01-20',
    CONTACT_LETTER_SENT: '2025-02-14',
    ORIGIN_REVIEWED: '2025-02-20',
    FUNDS_TRANSFERRED: '2025-03-07',
  } as const;

  it.each<[string, TransferStatus, Partial<Record<TransferStatus, IsoDate>>, IsoDate, string[]]>([
    ['contact letter, day 15', 'SUBMITTED', onTime, '2025-02-14', []],
    ['contact letter, day 16', 'SUBMITTED', onTime, '2025-02-17', ['DESTINATION_CONTACT_LETTER 15/16']],
    ['fund transfer, day 15', 'CONTACT_LETTER_SENT', onTime, '2025-03-07', []],
    // The first step took 31 days by now but is finished, so only the open step counts.
    ['fund transfer, day 16', 'CONTACT_LETTER_SENT', onTime, '2025-03-10', ['ORIGIN_FUND_TRANSFER 15/16']],
    ['origin reviewed, funds still due', 'ORIGIN_REVIEWED', onTime, '2025-03-10', ['ORIGIN_FUND_TRANSFER 15/16']],
    [
      'completion day 16, whole process day 46',
      'FUNDS_TRANSFERRED',
      onTime,
      '2025-03-31',
      ['DESTINATION_COMPLETION 15/16', 'WHOLE_PROCESS 45/46'],
    ],
    [
      'whole process day 45 (late contact letter)',
      'ORIGIN_REVIEWED',
      { SUBMITTED: '2025-01-20', CONTACT_LETTER_SENT: '2025-03-10' },
      '2025-03-28',
      [],
    ],
    [
      'whole process day 46 while the open step is on time',
      'ORIGIN_REVIEWED',
      { SUBMITTED: '2025-01-20', CONTACT_LETTER_SENT: '2025-03-10' },
      '2025-03-31',
      ['WHOLE_PROCESS 45/46'],
    ],
    ['not yet submitted', 'SIGNED', onTime, '2025-12-31', []],
    ['completed', 'COMPLETED', onTime, '2025-12-31', []],
    ['rejected: no agency clock runs', 'REJECTED', onTime, '2025-12-31', []],
    ['cancelled', 'CANCELLED', onTime, '2025-12-31', []],
    ['signature expired', 'SIGNATURE_EXPIRED', onTime, '2025-12-31', []],
    ['start date unknown', 'SUBMITTED', {}, '2025-12-31', []],
  ])('%s', (_name, status, enteredAt, today, expected) => {
    const result = overdueCheck({ status, enteredAt, today });
    expect(result.reasons.map((r) => `${r.step} ${r.limit}/${r.elapsed}`)).toEqual(expected);
    expect(result.overdue).toBe(expected.length > 0);
  });

  it.each<[TransferStatus, IsoDate, string[]]>([
    ['SUBMITTED', '2025-02-17', ['转入地受理申请后超过15个工作日未发出联系函']],
    ['CONTACT_LETTER_SENT', '2025-03-10', ['转出地收到联系函后超过15个工作日未转移基金']],
    ['FUNDS_TRANSFERRED', '2025-03-31', ['转入地收到基金后超过15个工作日未办结接续', '转移接续自提交起超过45个工作日仍未办结']],
  ])('Chinese message when %s is overdue on %s', (status, today, messages) => {
    expect(overdueCheck({ status, enteredAt: onTime, today }).reasons.map((r) => r.message)).toEqual(messages);
  });

  it('accepts a complete status → date record and a custom limit table', () => {
    const enteredAt: Record<TransferStatus, IsoDate | undefined> = {
      DRAFT: '2025-01-02',
      FORM_GENERATED: '2025-01-03',
      AWAITING_SIGNATURE: '2025-01-06',
      SIGNED: '2025-01-10',
      SUBMITTED: '2025-01-20',
      CONTACT_LETTER_SENT: undefined,
      ORIGIN_REVIEWED: undefined,
      FUNDS_TRANSFERRED: undefined,
      COMPLETED: undefined,
      REJECTED: undefined,
      CANCELLED: undefined,
      SIGNATURE_EXPIRED: undefined,
    };
    const limits = [
      {
        step: 'DESTINATION_CONTACT_LETTER',
        from: 'SUBMITTED',
        to: 'CONTACT_LETTER_SENT',
        limitWorkingDays: 10,
        overdueMessage: '转入地受理申请后超过{limit}个工作日未发出联系函',
      },
    ] as const;
    // 2025-01-20 + 10 working days = 2025-02-08 (a make-up Saturday), + 11 = 2025-02-10.
    expect(overdueCheck({ status: 'SUBMITTED', enteredAt, today: '2025-02-08' }, limits).overdue).toBe(false);
    expect(overdueCheck({ status: 'SUBMITTED', enteredAt, today: '2025-02-10' }, limits)).toEqual({
      overdue: true,
      reasons: [
        { step: 'DESTINATION_CONTACT_LETTER', limit: 10, elapsed: 11, message: '转入地受理申请后超过10个工作日未发出联系函' },
      ],
    });
  });
});

describe('needsTemporaryAccount', () => {
  // 湖南 43 → 广东 44; 湖北 42 elsewhere.
  const man: TemporaryAccountInput = {
    gender: 'MALE',
    birthDate: '1975-06-15',
    transferDate: '2025-06-15',
    originProvince: '43',
    destinationProvince: '44',
  };
  const woman: TemporaryAccountInput = { ...man, gender: 'FEMALE', birthDate: '1986-06-15' };

  it.each<[string, TemporaryAccountInput, boolean]>([
    ['man aged exactly 50 on the transfer date', man, true],
    ['man one day short of 50', { ...man, transferDate: '2025-06-14' }, false],
    ['woman aged 39', woman, false],
    ['woman one day short of 40', { ...woman, transferDate: '2026-06-14' }, false],
    ['woman aged exactly 40', { ...woman, transferDate: '2026-06-15' }, true],
    ['man aged 45: below the male threshold', { ...man, birthDate: '1980-01-01' }, false],
    ['woman aged 45: above the female threshold', { ...woman, birthDate: '1980-01-01' }, true],
    ['within one province', { ...man, destinationProvince: '43' }, false],
    ['returning to the 户籍地', { ...man, hukouProvince: '44' }, false],
    ['户籍地 is the origin', { ...man, hukouProvince: '43' }, true],
    ['户籍地 is a third province', { ...man, hukouProvince: '42' }, true],
    ['born 29 February: not 50 on 28 February', { ...man, birthDate: '1976-02-29', transferDate: '2026-02-28' }, false],
    ['born 29 February: 50 on 1 March', { ...man, birthDate: '1976-02-29', transferDate: '2026-03-01' }, true],
  ])('%s → %s', (_name, input, expected) => {
    expect(needsTemporaryAccount(input)).toBe(expected);
  });

  it.each<[string, TemporaryAccountInput]>([
    ['unknown origin province', { ...man, originProvince: '00' }],
    ['unknown destination province', { ...man, destinationProvince: '440100' }],
    ['unknown 户籍地 province', { ...man, hukouProvince: '99' }],
    ['invalid birth date', { ...man, birthDate: '1975-02-30' }],
    ['invalid transfer date', { ...man, transferDate: '2025/06/15' }],
  ])('rejects %s', (_name, input) => {
    expect(() => needsTemporaryAccount(input)).toThrow(RangeError);
  });
});

describe('pooledFundAmount', () => {
  function months(fromYear: number, count: number, base: string): { month: string; base: string }[] {
    return Array.from({ length: count }, (_, i) => {
      const year = fromYear + Math.floor(i / 12);
      const month = String((i % 12) + 1).padStart(2, '0');
      return { month: `${year}-${month}`, base };
    });
  }

  it.each<[string, { month: string; base: string }[], string]>([
    ['36 months at 8000.00', months(2020, 36, '8000.00'), '34560.00'],
    ['no months', [], '0.00'],
    ['a month before 1998 contributes nothing', [{ month: '1997-12', base: '8000.00' }], '0.00'],
    [
      '1997-12 and 1998-01: only 1998-01 counts',
      [
        { month: '1997-12', base: '8000.00' },
        { month: '1998-01', base: '8000.00' },
      ],
      '960.00',
    ],
    ['different bases per month', [{ month: '2010-01', base: '3000' }, { month: '2010-02', base: '4500.50' }], '900.06'],
    // 102.875 × 12% = 12.345 exactly: half-up gives 12.35 (half-even and binary floats give 12.34).
    ['rounds half up', [{ month: '2024-01', base: '102.875' }], '12.35'],
    // 104.125 × 12% = 12.495 each; the sum 24.99 is rounded once, not 12.50 + 12.50.
    ['rounds the total once', [{ month: '2024-01', base: '104.125' }, { month: '2024-02', base: '104.125' }], '24.99'],
  ])('%s → %s', (_name, bases, expected) => {
    expect(pooledFundAmount(bases)).toBe(expected);
  });

  it.each<[string, { month: string; base: string }[]]>([
    ['a month listed twice', [{ month: '2024-01', base: '1' }, { month: '2024-01', base: '1' }]],
    ['a negative base', [{ month: '2024-01', base: '-1' }]],
    ['a base with a thousands separator', [{ month: '2024-01', base: '8,000' }]],
    ['a base in exponent notation', [{ month: '2024-01', base: '8e3' }]],
    ['month 13', [{ month: '2024-13', base: '1' }]],
    ['a date instead of a month', [{ month: '2024-01-01', base: '1' }]],
  ])('rejects %s', (_name, bases) => {
    expect(() => pooledFundAmount(bases)).toThrow(RangeError);
  });
});

describe('individualAccountRate', () => {
  it.each([
    ['1998-01', '0.11'],
    ['2005-12', '0.11'],
    ['2006-01', '0.08'],
    ['2025-06', '0.08'],
  ])('%s → %s', (month, rate) => {
    expect(individualAccountRate(month)).toBe(rate);
  });

  it.each(['1997-12', '2006-1'])('rejects %s', (month) => {
    expect(() => individualAccountRate(month)).toThrow(RangeError);
  });
});
