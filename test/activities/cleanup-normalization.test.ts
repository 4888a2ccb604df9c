import { NORMALIZED_ID_NUMBER_SQL } from '../../activities/cleanup-duplicates';
import { normalizeIdNumber } from '../../domain/id-number';
import { createDatabase, type Database } from '../../prisma/client';
import { testEnv } from '../support/env';

let db: Database;

beforeAll(() => {
  db = createDatabase(testEnv.databaseUrl);
});

afterAll(async () => {
  await db.$disconnect();
});

test('the SQL used to group duplicates normalizes ID numbers exactly as the domain does', async () => {
  const raw = [
    '43012119920518026X',
    '43012119920518026x',
    '430121 19920518026x',
    '４３０１２１１９９２０５１８０２６Ｘ',
    '４３０１２１　１９９２０５１８０２６ｘ',
    ' 430103200309150156\t',
    '11010119900101123X',
  ];
  const rows = await db.$queryRawUnsafe<{ raw: string; normalized: string }[]>(
    `SELECT e."idNumber" AS raw, ${NORMALIZED_ID_NUMBER_SQL} AS normalized FROM unnest($1::text[]) AS e("idNumber")`,
    raw,
  );
  expect(rows.map((row) => row.normalized)).toEqual(raw.map(normalizeIdNumber));
  expect(new Set(rows.slice(0, 5).map((row) => row.normalized)).size).toBe(1);
});
