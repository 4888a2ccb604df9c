import { computeCheckChar } from '../../domain/id-number';

let counter = 0;
const issued = new Set<string>();

/**
 * A valid ID number no other test uses: tests share one database and one simulator, so each
 * person they create must be new.
 */
export function uniqueIdNumber(options: { gender?: 'MALE' | 'FEMALE'; region?: string; birthDate?: string } = {}): string {
  counter += 1;
  const region = options.region ?? '430102';
  const birth = (options.birthDate ?? '1990-05-17').replaceAll('-', '');
  // Process id and a counter keep numbers apart across jest workers and within one file.
  const serial = (process.pid * 1000 + counter + Math.floor(Math.random() * 1000)) % 1000;
  let sequence = serial;
  const wantOdd = (options.gender ?? 'MALE') === 'MALE';
  if ((sequence % 2 === 1) !== wantOdd) sequence = (sequence + 1) % 1000;
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  const candidate = first17 + computeCheckChar(first17);
  if (issued.has(candidate)) return uniqueIdNumber(options);
  issued.add(candidate);
  return candidate;
}

