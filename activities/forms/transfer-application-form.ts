/**
 * The 基本养老保险关系转移接续申请表 as a PDF (domain.md §4.1 step 2): the form the employee signs
 * electronically and the destination agency receives with the 参保缴费凭证.
 *
 * One or more A4 pages drawn as a ruled table. The CJK font (Noto Sans SC) is embedded as a subset,
 * so a one-page form stays in the tens of kilobytes. The output is a pure function of the data:
 * document dates come from `applicationDate`, producer and creator are fixed, and pdf-lib's "random"
 * names come from a generator seeded per document, so the same data always gives the same bytes
 * and the same sha256 (the hash is what the signature step and the audit trail refer to).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type Color, type PDFFont, type PDFPage } from 'pdf-lib';
import { isValidIsoDate } from '../../domain/business-date';
import { insuranceTypeName } from '../../domain/classification';
import { INSURANCE_TYPES, type InsuranceType } from '../../domain/national-record';

export type TransferApplicantGender = 'MALE' | 'FEMALE';

export interface TransferApplicationPlace {
  /** Pooling-region code, e.g. '440100'. */
  cityCode: string;
  /** Short name, e.g. '广州'. */
  cityName: string;
  /** The social insurance agency (经办机构), e.g. '广州市社会保险基金管理中心'. */
  agencyName: string;
}

export interface TransferApplicationPeriod {
  cityName: string;
  /** An InsuranceType code ('PENSION' → 养老保险), a short name ('养老' → 养老保险) or free text. */
  insuranceType: string;
  /** 'YYYY-MM' */
  firstMonth: string;
  /** 'YYYY-MM'; null when no end month was reported (rendered as 至今). */
  lastMonth: string | null;
  monthsPaid: number;
  employer: string;
}

export interface TransferApplicationFormData {
  name: string;
  idNumber: string;
  gender: TransferApplicantGender;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  hukou?: string;
  phone?: string;
  /** The employer at the destination. */
  employer: string;
  origin: TransferApplicationPlace;
  destination: TransferApplicationPlace;
  periods: TransferApplicationPeriod[];
  totalMonths: number;
  /** 'YYYY-MM-DD'; also the PDF's creation and modification date (midnight, Asia/Shanghai). */
  applicationDate: string;
  /** Our transfer id, printed in the footer of every page. */
  reference: string;
}

export interface RenderedTransferApplicationForm {
  pdf: Uint8Array;
  /** Lower-case hex SHA-256 of `pdf`. */
  sha256: string;
}

export const TRANSFER_APPLICATION_FORM_TITLE = '基本养老保险关系转移接续申请表';
const PRODUCER = 'shebao-flow';
const CREATOR = 'shebao-flow transfer-application-form v1';

// ---------------------------------------------------------------------------------------------
// Fonts: two ~10 MB TTF files, read (and padded, see below) once per process and shared by every render.

const FONT_MODULES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

interface FontBytes {
  regular: Uint8Array;
  bold: Uint8Array;
}

let fontBytes: Promise<FontBytes> | undefined;

function loadFontBytes(): Promise<FontBytes> {
  fontBytes ??= Promise.all([readFile(require.resolve(FONT_MODULES.regular)), readFile(require.resolve(FONT_MODULES.bold))]).then(
    ([regular, bold]) => ({ regular: padGlyphs(regular), bold: padGlyphs(bold) }),
    (error: unknown) => {
      fontBytes = undefined; // let the next render try again
      throw error;
    },
  );
  return fontBytes;
}

const pad4 = (n: number): number => (n + 3) & ~3;

/**
 * The same TrueType font with every glyph's data padded with zeros to a multiple of four bytes.
 *
 * Why: @pdf-lib/fontkit 1.1.1 copies glyphs into a subset at their original lengths but writes the
 * subset's `loca` table in the short format (offset / 2) whenever the subset's glyph data is under
 * 64 KB. After the first glyph of odd length every later glyph starts one byte early and draws as
 * nothing or garbage, while text extraction (ToUnicode) still looks right. About half of Noto Sans
 * SC's glyphs have odd lengths, so a one-page form lost most of its characters. (The same bug was
 * fixed in upstream fontkit, foliojs/fontkit#191, but not in the pdf-lib fork.) With every length a
 * multiple of four, every offset is even and the short format is exact. Glyph ids, metrics and all
 * other tables are unchanged; trailing zeros after a glyph's instructions are ignored by renderers.
 */
export function padGlyphs(font: Uint8Array): Uint8Array {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const numTables = view.getUint16(4);
  const records = Array.from({ length: numTables }, (_, i) => {
    const at = 12 + 16 * i;
    return {
      tag: String.fromCharCode(...font.subarray(at, at + 4)),
      offset: view.getUint32(at + 8),
      length: view.getUint32(at + 12),
    };
  });
  const table = (tag: string): { offset: number; length: number } => {
    const found = records.find((r) => r.tag === tag);
    if (!found) throw new Error(`font has no '${tag}' table (not a TrueType-outline font?)`);
    return found;
  };
  const head = table('head');
  const loca = table('loca');
  const numGlyphs = view.getUint16(table('maxp').offset + 4);
  const longLoca = view.getInt16(head.offset + 50) === 1;
  const glyphStart = (gid: number): number =>
    longLoca ? view.getUint32(loca.offset + 4 * gid) : 2 * view.getUint16(loca.offset + 2 * gid);

  const glyfOffset = table('glyf').offset;
  let glyfSize = 0;
  for (let gid = 0; gid < numGlyphs; gid++) glyfSize += pad4(glyphStart(gid + 1) - glyphStart(gid));
  const glyf = new Uint8Array(glyfSize);
  const newLoca = new Uint8Array(4 * (numGlyphs + 1));
  const newLocaView = new DataView(newLoca.buffer);
  let at = 0;
  for (let gid = 0; gid < numGlyphs; gid++) {
    const start = glyphStart(gid);
    const end = glyphStart(gid + 1);
    newLocaView.setUint32(4 * gid, at);
    glyf.set(font.subarray(glyfOffset + start, glyfOffset + end), at);
    at += pad4(end - start);
  }
  newLocaView.setUint32(4 * numGlyphs, at);
  const newHead = font.slice(head.offset, head.offset + head.length);
  const newHeadView = new DataView(newHead.buffer);
  newHeadView.setUint32(8, 0); // checkSumAdjustment, recomputed below
  newHeadView.setInt16(50, 1); // indexToLocFormat: long offsets

  const contents = records.map((r) =>
    r.tag === 'glyf' ? glyf : r.tag === 'loca' ? newLoca : r.tag === 'head' ? newHead : font.subarray(r.offset, r.offset + r.length),
  );
  const directorySize = 12 + 16 * numTables;
  const total = contents.reduce((sum, bytes) => sum + pad4(bytes.length), directorySize);
  const out = new Uint8Array(total);
  const outView = new DataView(out.buffer);
  const checksum = (offset: number, length: number): number => {
    let sum = 0;
    for (let i = offset; i < offset + pad4(length); i += 4) sum = (sum + outView.getUint32(i)) >>> 0;
    return sum;
  };
  out.set(font.subarray(0, 12), 0);
  let offset = directorySize;
  let headOffset = 0;
  records.forEach((record, i) => {
    const bytes = contents[i] ?? new Uint8Array(0);
    out.set(bytes, offset);
    const entry = 12 + 16 * i;
    out.set(font.subarray(entry, entry + 4), entry); // tag
    outView.setUint32(entry + 4, checksum(offset, bytes.length));
    outView.setUint32(entry + 8, offset);
    outView.setUint32(entry + 12, bytes.length);
    if (record.tag === 'head') headOffset = offset;
    offset += pad4(bytes.length);
  });
  outView.setUint32(headOffset + 8, (0xb1b0afba - checksum(0, total)) >>> 0);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Page geometry (points) and style.

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN_X = 48;
const MARGIN_TOP = 50;
const TABLE_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const TABLE_LEFT = MARGIN_X;
/** Lowest y a table row may reach; the footer lives below it. */
const CONTENT_BOTTOM = 78;

const LINE_WIDTH = 0.6;
const LINE_COLOR = rgb(0.2, 0.2, 0.2);
const TEXT_COLOR = rgb(0.05, 0.05, 0.05);
const MUTED_COLOR = rgb(0.38, 0.38, 0.38);
const LABEL_FILL = rgb(0.95, 0.95, 0.95);
const SECTION_FILL = rgb(0.86, 0.89, 0.93);

const BODY_SIZE = 9.5;
const MIN_SHRINK = 0.85; // a value may shrink to 85 % of its size before it wraps
const LINE_GAP = 1.35; // line height as a multiple of the font size
const PAD_X = 5;
const PAD_Y = 5;
const ROW_HEIGHT = 24;
const SECTION_ROW_HEIGHT = 21;
const PERIOD_ROW_HEIGHT = 21;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

interface CellSpec {
  text: string;
  width: number;
  kind: 'label' | 'value' | 'head' | 'section';
  align?: 'left' | 'center' | 'right';
}

interface LaidOutCell {
  spec: CellSpec;
  font: PDFFont;
  size: number;
  lines: string[];
}

interface LaidOutRow {
  cells: LaidOutCell[];
  height: number;
}

function cleanText(text: string): string {
  // Drawn text must be one line of printable characters; control characters would be drawn as
  // notdef boxes or, for \n, break pdf-lib's layout.
  return text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
}

/** Punctuation that must not start a line (it hangs at the end of the previous one instead). */
const NO_LINE_START = new Set(Array.from('，。、；：？！）》」』】”’,.;:?!)%'));
/** Punctuation that must not end a line (it moves to the start of the next one). */
const NO_LINE_END = new Set(Array.from('（《「『【“‘('));

/**
 * Greedy line breaking: anywhere between CJK characters, between (not inside) Latin words, with the
 * basic Chinese rules for punctuation (禁则): no closing mark at a line start, no opening mark at a line end.
 */
function wrapText(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const tokens = text.match(/[A-Za-z0-9@._-]+|\s+|[^A-Za-z0-9@._\-\s]/gu) ?? [];
  const lines: string[] = [];
  let line = '';
  const fits = (s: string): boolean => font.widthOfTextAtSize(s, size) <= maxWidth;
  /** Ends the current line; returns what carries over to the next one (a trailing opening mark). */
  const breakLine = (): string => {
    let carry = '';
    let trimmed = line.trimEnd();
    const last = Array.from(trimmed).pop();
    if (last !== undefined && NO_LINE_END.has(last) && trimmed.length > last.length) {
      trimmed = trimmed.slice(0, -last.length).trimEnd();
      carry = last;
    }
    if (trimmed.trim() !== '') lines.push(trimmed.trim());
    line = '';
    return carry;
  };
  for (const token of tokens) {
    if (fits(line + token) || (NO_LINE_START.has(token) && line !== '')) {
      line += token;
      continue;
    }
    const carry = breakLine();
    if (/^\s+$/.test(token)) {
      line = carry;
      continue;
    }
    line = carry;
    if (fits(line + token)) {
      line += token;
      continue;
    }
    for (const ch of Array.from(token)) {
      if (line !== '' && !fits(line + ch)) line = breakLine();
      line += ch;
    }
  }
  breakLine();
  return lines.length > 0 ? lines : [''];
}

function layoutCell(spec: CellSpec, fonts: Fonts): LaidOutCell {
  const font = spec.kind === 'section' || spec.kind === 'head' ? fonts.bold : fonts.regular;
  const size = spec.kind === 'section' ? 10.5 : BODY_SIZE;
  const text = cleanText(spec.text);
  const maxWidth = spec.width - 2 * PAD_X;
  const width = font.widthOfTextAtSize(text, size);
  if (width <= maxWidth) return { spec, font, size, lines: [text] };
  const shrunk = Math.floor(((size * maxWidth) / width) * 10) / 10;
  if (shrunk >= size * MIN_SHRINK) return { spec, font, size: shrunk, lines: [text] };
  return { spec, font, size, lines: wrapText(text, font, size, maxWidth) };
}

function layoutRow(specs: CellSpec[], fonts: Fonts, minHeight: number): LaidOutRow {
  const cells = specs.map((spec) => layoutCell(spec, fonts));
  const textHeight = Math.max(...cells.map((c) => c.lines.length * c.size * LINE_GAP)) + 2 * PAD_Y;
  return { cells, height: Math.max(minHeight, Math.ceil(textHeight)) };
}

function fillFor(kind: CellSpec['kind']): Color | undefined {
  if (kind === 'section') return SECTION_FILL;
  if (kind === 'label' || kind === 'head') return LABEL_FILL;
  return undefined;
}

/** Lays rows out top to bottom, opening a new page when one does not fit. */
class FormWriter {
  readonly pages: PDFPage[] = [];
  private page: PDFPage | undefined;
  private y = 0;

  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {}

  /** Opens a new page; the caller draws whatever repeats at its top. */
  newPage(): void {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(this.page);
    this.y = PAGE_HEIGHT - MARGIN_TOP;
  }

  private get current(): PDFPage {
    if (!this.page) throw new Error('FormWriter: no page opened');
    return this.page;
  }

  fits(height: number): boolean {
    return this.y - height >= CONTENT_BOTTOM;
  }

  title(text: string, size: number, subtitle?: string): void {
    const font = this.fonts.bold;
    const width = font.widthOfTextAtSize(text, size);
    this.y -= size;
    this.current.drawText(text, { x: (PAGE_WIDTH - width) / 2, y: this.y, size, font, color: TEXT_COLOR });
    this.y -= size * 0.7;
    if (subtitle !== undefined) {
      const subSize = 9;
      const subWidth = this.fonts.regular.widthOfTextAtSize(subtitle, subSize);
      this.y -= subSize + 2;
      this.current.drawText(subtitle, { x: (PAGE_WIDTH - subWidth) / 2, y: this.y, size: subSize, font: this.fonts.regular, color: MUTED_COLOR });
      this.y -= subSize * 0.6;
    }
    this.y -= 12;
  }

  row(specs: CellSpec[], minHeight = ROW_HEIGHT): void {
    this.drawRow(layoutRow(specs, this.fonts, minHeight));
  }

  measure(specs: CellSpec[], minHeight = ROW_HEIGHT): LaidOutRow {
    return layoutRow(specs, this.fonts, minHeight);
  }

  drawRow(row: LaidOutRow): void {
    const page = this.current;
    const top = this.y;
    const bottom = top - row.height;
    let x = TABLE_LEFT;
    for (const cell of row.cells) {
      const { spec } = cell;
      const fill = fillFor(spec.kind);
      page.drawRectangle({
        x,
        y: bottom,
        width: spec.width,
        height: row.height,
        ...(fill ? { color: fill } : {}),
        borderColor: LINE_COLOR,
        borderWidth: LINE_WIDTH,
      });
      const align = spec.align ?? (spec.kind === 'value' || spec.kind === 'section' ? 'left' : 'center');
      const lineHeight = cell.size * LINE_GAP;
      const blockHeight = cell.lines.length * lineHeight;
      // Baseline of the first line: centre the block, then drop by the ascent (~0.88 em for Noto Sans SC).
      let baseline = bottom + (row.height + blockHeight) / 2 - lineHeight + (lineHeight - cell.size) / 2 + cell.size * 0.12;
      for (const line of cell.lines) {
        if (line !== '') {
          const width = cell.font.widthOfTextAtSize(line, cell.size);
          const textX =
            align === 'left' ? x + PAD_X : align === 'right' ? x + spec.width - PAD_X - width : x + (spec.width - width) / 2;
          const color = spec.kind === 'label' || spec.kind === 'head' ? rgb(0.15, 0.15, 0.15) : TEXT_COLOR;
          page.drawText(line, { x: textX, y: baseline, size: cell.size, font: cell.font, color });
        }
        baseline -= lineHeight;
      }
      x += spec.width;
    }
    this.y = bottom;
  }

  gap(points: number): void {
    this.y -= points;
  }
}

// ---------------------------------------------------------------------------------------------
// Text of the form.

function formatDate(isoDate: string): string {
  return `${isoDate.slice(0, 4)}年${isoDate.slice(5, 7)}月${isoDate.slice(8, 10)}日`;
}

function formatPeriod(firstMonth: string, lastMonth: string | null): string {
  return lastMonth === null ? `${firstMonth} 至今` : `${firstMonth} 至 ${lastMonth}`;
}

function insuranceLabel(insuranceType: string): string {
  const trimmed = cleanText(insuranceType);
  if ((INSURANCE_TYPES as readonly string[]).includes(trimmed)) return `${insuranceTypeName(trimmed as InsuranceType)}保险`;
  if (trimmed === '' || trimmed.endsWith('保险')) return trimmed;
  return `${trimmed}保险`;
}

function placeLabel(place: TransferApplicationPlace): string {
  const name = cleanText(place.cityName);
  const code = cleanText(place.cityCode);
  if (name === '') return code;
  return code === '' ? name : `${name}（${code}）`;
}

function yearsAndMonths(months: number): string {
  return `折合 ${Math.floor(months / 12)} 年 ${months % 12} 个月`;
}

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Messages name the field only: the values are personal data and must not reach logs. */
function validate(data: TransferApplicationFormData): void {
  const problems: string[] = [];
  if (!isValidIsoDate(data.applicationDate)) problems.push('applicationDate is not a YYYY-MM-DD date');
  if (!isValidIsoDate(data.birthDate)) problems.push('birthDate is not a YYYY-MM-DD date');
  if (data.gender !== 'MALE' && data.gender !== 'FEMALE') problems.push('gender is neither MALE nor FEMALE');
  if (!Number.isSafeInteger(data.totalMonths) || data.totalMonths < 0) problems.push('totalMonths is not a non-negative integer');
  data.periods.forEach((period, i) => {
    if (!MONTH_PATTERN.test(period.firstMonth)) problems.push(`periods[${i}].firstMonth is not a YYYY-MM month`);
    if (period.lastMonth !== null && !MONTH_PATTERN.test(period.lastMonth)) problems.push(`periods[${i}].lastMonth is not a YYYY-MM month`);
    if (!Number.isSafeInteger(period.monthsPaid) || period.monthsPaid < 0) problems.push(`periods[${i}].monthsPaid is not a non-negative integer`);
  });
  if (problems.length > 0) throw new RangeError(`Invalid transfer application form data: ${problems.join('; ')}`);
}

/** Six capital letters derived from the data: the subset tag PDF readers expect before a subset font's name. */
function subsetTag(seed: string, weight: string): string {
  const digest = createHash('sha256').update(`${weight}\u0000${seed}`).digest();
  return Array.from(digest.subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
}

// ---------------------------------------------------------------------------------------------

/** Column widths (points) of the contribution table: 序号, 参保地, 险种, 起止年月, 缴费月数, 单位. */
const PERIOD_COLUMNS = [34, 66, 68, 120, 58, TABLE_WIDTH - 34 - 66 - 68 - 120 - 58] as const;

function periodHead(): CellSpec[] {
  const names = ['序号', '参保地', '险种', '起止年月', '缴费月数', '单位'];
  return names.map((text, i) => ({ text, width: PERIOD_COLUMNS[i] ?? 0, kind: 'head' }));
}

function periodRow(period: TransferApplicationPeriod, index: number): CellSpec[] {
  const [c0, c1, c2, c3, c4, c5] = PERIOD_COLUMNS;
  return [
    { text: String(index + 1), width: c0, kind: 'value', align: 'center' },
    { text: period.cityName, width: c1, kind: 'value', align: 'center' },
    { text: insuranceLabel(period.insuranceType), width: c2, kind: 'value', align: 'center' },
    { text: formatPeriod(period.firstMonth, period.lastMonth), width: c3, kind: 'value', align: 'center' },
    { text: String(period.monthsPaid), width: c4, kind: 'value', align: 'center' },
    { text: period.employer, width: c5, kind: 'value' },
  ];
}

function section(text: string): CellSpec[] {
  return [{ text, width: TABLE_WIDTH, kind: 'section' }];
}

export async function renderTransferApplicationForm(data: TransferApplicationFormData): Promise<RenderedTransferApplicationForm> {
  validate(data);
  const bytes = await loadFontBytes();

  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  // Derived from the reference, not from the whole data, so key order in `data` cannot matter.
  const seed = cleanText(data.reference);
  // locl off: in a run that contains Latin letters (the ID number ending in X, the reference)
  // fontkit shapes as script 'latn', where Noto Sans SC's locl swaps in slightly smaller digits;
  // the form should show one set of digits throughout. Chinese text is unaffected (no locl there).
  const features = { locl: false };
  const fonts: Fonts = {
    regular: await doc.embedFont(bytes.regular, { subset: true, features, customName: `${subsetTag(seed, 'regular')}+NotoSansSC-Regular` }),
    bold: await doc.embedFont(bytes.bold, { subset: true, features, customName: `${subsetTag(seed, 'bold')}+NotoSansSC-Bold` }),
  };

  const documentDate = new Date(`${data.applicationDate}T00:00:00+08:00`);
  doc.setTitle(TRANSFER_APPLICATION_FORM_TITLE);
  doc.setSubject(`城镇企业职工基本养老保险关系转移接续申请（业务编号 ${cleanText(data.reference)}）`);
  doc.setLanguage('zh-CN');
  doc.setProducer(PRODUCER);
  doc.setCreator(CREATOR);
  doc.setCreationDate(documentDate);
  doc.setModificationDate(documentDate);

  const w = new FormWriter(doc, fonts);
  w.newPage();
  w.title(TRANSFER_APPLICATION_FORM_TITLE, 18, '（城镇企业职工基本养老保险关系跨统筹地区转移接续）');

  // 一、申请人基本信息: a six-column grid.
  const [l1, v1, l2, v2, l3] = [72, 108, 60, 72, 66] as const;
  const v3 = TABLE_WIDTH - l1 - v1 - l2 - v2 - l3;
  w.row(section('一、申请人基本信息'), SECTION_ROW_HEIGHT);
  w.row([
    { text: '姓名', width: l1, kind: 'label' },
    { text: data.name, width: v1, kind: 'value' },
    { text: '性别', width: l2, kind: 'label' },
    { text: data.gender === 'MALE' ? '男' : '女', width: v2, kind: 'value', align: 'center' },
    { text: '出生日期', width: l3, kind: 'label' },
    { text: formatDate(data.birthDate), width: v3, kind: 'value' },
  ]);
  w.row([
    { text: '公民身份号码', width: l1, kind: 'label' },
    { text: data.idNumber, width: v1 + l2 + v2, kind: 'value' },
    { text: '联系电话', width: l3, kind: 'label' },
    { text: data.phone ?? '', width: v3, kind: 'value' },
  ]);
  w.row([
    { text: '户籍所在地', width: l1, kind: 'label' },
    { text: data.hukou ?? '', width: TABLE_WIDTH - l1, kind: 'value' },
  ]);

  // 二、转移信息: where from, where to, who employs the applicant at the destination.
  const [p1, p2, p3, p4] = [72, 46, 108, 62] as const;
  const p5 = TABLE_WIDTH - p1 - p2 - p3 - p4;
  const place = (label: string, where: TransferApplicationPlace): CellSpec[] => [
    { text: label, width: p1, kind: 'label' },
    { text: '城市', width: p2, kind: 'label' },
    { text: placeLabel(where), width: p3, kind: 'value' },
    { text: '经办机构', width: p4, kind: 'label' },
    { text: where.agencyName, width: p5, kind: 'value' },
  ];
  w.row(section('二、转移信息'), SECTION_ROW_HEIGHT);
  w.row(place('转出地', data.origin));
  w.row(place('转入地', data.destination));
  w.row([
    { text: '用人单位', width: p1, kind: 'label' },
    { text: data.employer, width: TABLE_WIDTH - p1, kind: 'value' },
  ]);

  // 三、参保缴费情况: one row per period; the table continues on further pages when needed.
  const tableHead = (continued: boolean): void => {
    w.row(section(continued ? '三、参保缴费情况（续）' : '三、参保缴费情况'), SECTION_ROW_HEIGHT);
    w.row(periodHead(), PERIOD_ROW_HEIGHT);
  };
  const continuationPage = (): void => {
    w.newPage();
    w.title(`${TRANSFER_APPLICATION_FORM_TITLE}（续）`, 13);
  };
  const [c0, c1, c2, c3, c4, c5] = PERIOD_COLUMNS;
  const totalRow = w.measure([
    { text: '缴费月数合计', width: c0 + c1 + c2 + c3, kind: 'label' },
    { text: String(data.totalMonths), width: c4, kind: 'value', align: 'center' },
    { text: yearsAndMonths(data.totalMonths), width: c5, kind: 'value' },
  ]);
  const rows =
    data.periods.length > 0
      ? data.periods.map((period, i) => w.measure(periodRow(period, i), PERIOD_ROW_HEIGHT))
      : [w.measure([{ text: '无缴费记录', width: TABLE_WIDTH, kind: 'value', align: 'center' }], PERIOD_ROW_HEIGHT)];
  const headHeight = SECTION_ROW_HEIGHT + PERIOD_ROW_HEIGHT;
  // The head must not be orphaned at the bottom of page 1: it needs at least one row under it.
  if (!w.fits(headHeight + (rows[0]?.height ?? 0))) continuationPage();
  tableHead(false);
  rows.forEach((row, i) => {
    // The last row keeps the total under it on the same page.
    const needed = row.height + (i === rows.length - 1 ? totalRow.height : 0);
    if (!w.fits(needed)) {
      continuationPage();
      tableHead(true);
    }
    w.drawRow(row);
  });
  w.drawRow(totalRow);

  // 四、申请人承诺及签字: kept together on one page.
  const declaration = w.measure(
    [
      {
        text:
          `本人申请将上述基本养老保险关系由${cleanText(data.origin.cityName)}转移至${cleanText(data.destination.cityName)}，` +
          '并承诺所填信息真实、完整；如有不实，本人承担相应责任。',
        width: TABLE_WIDTH,
        kind: 'value',
      },
    ],
    ROW_HEIGHT + 4,
  );
  const [s1, s2, s3] = [72, 226, 72] as const;
  const signature = w.measure(
    [
      { text: '申请人签字', width: s1, kind: 'label' },
      { text: '', width: s2, kind: 'value' }, // left blank: the applicant signs electronically
      { text: '申请日期', width: s3, kind: 'label' },
      { text: formatDate(data.applicationDate), width: TABLE_WIDTH - s1 - s2 - s3, kind: 'value' },
    ],
    46,
  );
  const closing = w.measure(section('四、申请人承诺及签字'), SECTION_ROW_HEIGHT);
  const closingHeight = 8 + closing.height + declaration.height + signature.height;
  if (!w.fits(closingHeight)) continuationPage();
  else w.gap(8);
  w.drawRow(closing);
  w.drawRow(declaration);
  w.drawRow(signature);

  // Footers, now that the page count is known.
  const reference = cleanText(data.reference);
  const purpose =
    '用途：本表用于向转入地社会保险经办机构申请办理城镇企业职工基本养老保险关系转移接续，由申请人以电子签名方式签署。';
  w.pages.forEach((page, i) => {
    const size = 8;
    const font = fonts.regular;
    page.drawLine({
      start: { x: TABLE_LEFT, y: 58 },
      end: { x: TABLE_LEFT + TABLE_WIDTH, y: 58 },
      thickness: 0.4,
      color: MUTED_COLOR,
    });
    page.drawText(`业务编号：${reference}`, { x: TABLE_LEFT, y: 46, size, font, color: MUTED_COLOR });
    const pageLabel = `第 ${i + 1} 页 / 共 ${w.pages.length} 页`;
    const pageLabelWidth = font.widthOfTextAtSize(pageLabel, size);
    page.drawText(pageLabel, { x: TABLE_LEFT + TABLE_WIDTH - pageLabelWidth, y: 46, size, font, color: MUTED_COLOR });
    const purposeLines = wrapText(purpose, font, size, TABLE_WIDTH);
    purposeLines.forEach((line, j) => {
      page.drawText(line, { x: TABLE_LEFT, y: 34 - j * 11, size, font, color: MUTED_COLOR });
    });
  });

  const pdf = await doc.save();
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  return { pdf, sha256 };
}
