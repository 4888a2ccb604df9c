import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fsPromises from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit, { type Font } from '@pdf-lib/fontkit';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream } from 'pdf-lib';
import {
  padGlyphs,
  renderTransferApplicationForm,
  TRANSFER_APPLICATION_FORM_TITLE,
  type TransferApplicationFormData,
  type TransferApplicationPeriod,
} from '../../activities/forms/transfer-application-form';
import { findCity } from '../../domain/regions';

// pdfjs-dist is ESM only and jest runs CommonJS without --experimental-vm-modules, where neither
// require() nor import() of an .mjs file works ("Must use import to load ES Module", "A dynamic
// import callback was invoked without --experimental-vm-modules"). The text is therefore read in a
// child `node` process by a small helper.
const PDF_TEXT_HELPER = join(__dirname, '..', 'support', 'pdf-text.mjs');

interface PdfText {
  numPages: number;
  /** Non-blank text items per page, in drawing order. */
  pages: string[][];
}

function extractText(pdf: Uint8Array): PdfText {
  const result = spawnSync(process.execPath, [PDF_TEXT_HELPER], { input: pdf, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`pdf-text helper failed (${String(result.status)}): ${result.stderr}`);
  return JSON.parse(result.stdout) as PdfText;
}

/** The item drawn right after `label` (the value cell next to a label cell). */
function after(items: string[], label: string): string | undefined {
  const index = items.indexOf(label);
  return index < 0 ? undefined : items[index + 1];
}

const GUANGZHOU = findCity('440100');
const CHANGSHA = findCity('430100');
if (!GUANGZHOU || !CHANGSHA) throw new Error('440100 and 430100 must be supported cities');

const WANG_FANG_ID = '43012119920518026X';

function wangFang(overrides: Partial<TransferApplicationFormData> = {}): TransferApplicationFormData {
  return {
    name: '王芳',
    idNumber: WANG_FANG_ID,
    gender: 'FEMALE',
    birthDate: '1992-05-18',
    hukou: '湖南省长沙市长沙县',
    phone: '13812345678',
    employer: '长沙某某制造有限公司',
    origin: { cityCode: GUANGZHOU!.code, cityName: GUANGZHOU!.name, agencyName: GUANGZHOU!.agencyName },
    destination: { cityCode: CHANGSHA!.code, cityName: CHANGSHA!.name, agencyName: CHANGSHA!.agencyName },
    periods: [
      { cityName: '广州', insuranceType: 'PENSION', firstMonth: '2021-01', lastMonth: '2023-12', monthsPaid: 36, employer: '广州某某贸易有限公司' },
    ],
    totalMonths: 36,
    applicationDate: '2024-03-01',
    reference: 'tr-7f3c2a91',
    ...overrides,
  };
}

function twentyPeriods(): TransferApplicationPeriod[] {
  return Array.from({ length: 20 }, (_, i) => ({
    cityName: i % 2 === 0 ? '广州' : '深圳',
    insuranceType: '养老',
    firstMonth: `${2000 + i}-01`,
    lastMonth: `${2000 + i}-12`,
    monthsPaid: 12,
    employer: `第${i + 1}号用人单位有限公司`,
  }));
}

/** The decoded contents of the stream `dict[key]` of a loaded PDF. */
function streamBytes(dict: PDFDict, key: string): Uint8Array {
  const stream = dict.lookup(PDFName.of(key), PDFStream);
  if (!(stream instanceof PDFRawStream)) throw new Error(`${key} is not a raw stream`);
  return decodePDFRawStream(stream).decode();
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('renderTransferApplicationForm', () => {
  it('returns a PDF under 1 MB and the sha256 of exactly those bytes', async () => {
    const { pdf, sha256: hash } = await renderTransferApplicationForm(wangFang());

    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
    expect(pdf.length).toBeLessThan(1024 * 1024);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(sha256(pdf));
  });

  it("renders every field of 王女士's application as extractable Chinese text on one page", async () => {
    const data = wangFang();
    const { pdf } = await renderTransferApplicationForm(data);
    const text = extractText(pdf);

    expect(text.numPages).toBe(1);
    const items = text.pages[0] ?? [];
    expect(items[0]).toBe('基本养老保险关系转移接续申请表');
    expect(after(items, '姓名')).toBe('王芳');
    expect(after(items, '性别')).toBe('女');
    expect(items).not.toContain('男');
    expect(after(items, '出生日期')).toBe('1992年05月18日');
    expect(after(items, '公民身份号码')).toBe(WANG_FANG_ID);
    expect(after(items, '户籍所在地')).toBe('湖南省长沙市长沙县');
    expect(after(items, '联系电话')).toBe('13812345678');

    // 转出地 and 转入地, each with city and agency, in that order.
    const origin = items.indexOf('转出地');
    const destination = items.indexOf('转入地');
    expect(origin).toBeGreaterThan(0);
    expect(items.slice(origin, origin + 5)).toEqual(['转出地', '城市', '广州（440100）', '经办机构', '广州市社会保险基金管理中心']);
    expect(items.slice(destination, destination + 5)).toEqual(['转入地', '城市', '长沙（430100）', '经办机构', '长沙市社会保险服务中心']);
    expect(after(items, '用人单位')).toBe('长沙某某制造有限公司');

    // The contribution table: one row under its head, then the total.
    const head = items.indexOf('序号');
    expect(items.slice(head, head + 12)).toEqual([
      '序号', '参保地', '险种', '起止年月', '缴费月数', '单位',
      '1', '广州', '养老保险', '2021-01 至 2023-12', '36', '广州某某贸易有限公司',
    ]);
    expect(after(items, '缴费月数合计')).toBe('36');

    expect(after(items, '申请日期')).toBe('2024年03月01日');
    expect(items).toContain('申请人签字');
    expect(items).toContain('业务编号：tr-7f3c2a91');
    expect(items.some((item) => item.startsWith('用途：') && item.includes('基本养老保险关系转移接续'))).toBe(true);
    expect(items).toContain('第 1 页 / 共 1 页');
  });

  it('leaves the signature cell empty for the electronic signature', async () => {
    const items = extractText((await renderTransferApplicationForm(wangFang())).pdf).pages[0] ?? [];
    // Nothing is drawn between the 申请人签字 label and the 申请日期 label.
    expect(after(items, '申请人签字')).toBe('申请日期');
  });

  it('renders 男 for a male applicant and leaves optional fields blank when absent', async () => {
    const data = wangFang({ name: '李强', idNumber: '430121199005170016', gender: 'MALE', birthDate: '1990-05-17' });
    delete data.hukou;
    delete data.phone;
    const items = extractText((await renderTransferApplicationForm(data)).pdf).pages[0] ?? [];

    expect(after(items, '姓名')).toBe('李强');
    expect(after(items, '性别')).toBe('男');
    expect(items).not.toContain('女');
    expect(after(items, '联系电话')).toBe('户籍所在地');
    expect(after(items, '户籍所在地')).toBe('二、转移信息');
  });

  it('maps insurance type codes to their names and an open period to 至今', async () => {
    const data = wangFang({
      periods: [{ cityName: '广州', insuranceType: 'MEDICAL', firstMonth: '2022-07', lastMonth: null, monthsPaid: 18, employer: '某公司' }],
      totalMonths: 18,
    });
    const items = extractText((await renderTransferApplicationForm(data)).pdf).pages[0] ?? [];

    const head = items.indexOf('序号');
    expect(items.slice(head + 6, head + 12)).toEqual(['1', '广州', '医疗保险', '2022-07 至今', '18', '某公司']);
  });

  it('continues 20 periods on a second page, every row once and in order, the total after the last', async () => {
    const periods = twentyPeriods();
    const longEmployer = '广州市天河区某某某某信息技术服务股份有限公司第二分公司（Guangzhou Branch Office）';
    periods[3] = { ...periods[3]!, employer: longEmployer };
    const text = extractText((await renderTransferApplicationForm(wangFang({ periods, totalMonths: 240 }))).pdf);

    expect(text.numPages).toBe(2);
    const [page1 = [], page2 = []] = text.pages;
    const all = [...page1, ...page2];
    periods.forEach((period, i) => {
      if (i === 3) return;
      expect(all.filter((item) => item === period.employer)).toHaveLength(1);
    });
    const positions = periods.filter((_, i) => i !== 3).map((p) => all.indexOf(p.employer));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // The long name wraps inside its cell but none of it is lost.
    expect(page1.join('')).toContain(longEmployer);
    for (let year = 2000; year < 2020; year++) expect(all).toContain(`${year}-01 至 ${year}-12`);

    // Page 2 repeats the title and the table head, and carries the total and the signature.
    expect(page2[0]).toBe('基本养老保险关系转移接续申请表（续）');
    expect(page2).toContain('三、参保缴费情况（续）');
    expect(page2).toContain('序号');
    expect(after(page2, '缴费月数合计')).toBe('240');
    expect(page2).toContain('申请人签字');
    expect(page1).not.toContain('缴费月数合计');
    expect(page1).toContain('第 1 页 / 共 2 页');
    expect(page2).toContain('第 2 页 / 共 2 页');
    expect(page1).toContain('业务编号：tr-7f3c2a91');
    expect(page2).toContain('业务编号：tr-7f3c2a91');
  });

  it('gives the same bytes and sha256 for the same data, and a different hash for different data', async () => {
    const data = wangFang({ periods: twentyPeriods(), totalMonths: 240 });
    const first = await renderTransferApplicationForm(data);
    await renderTransferApplicationForm(wangFang({ name: '赵敏' })); // no state may leak between renders
    const second = await renderTransferApplicationForm(structuredClone(data));
    // Same data built with its keys in another order.
    const reordered = Object.fromEntries(Object.entries(data).reverse()) as unknown as TransferApplicationFormData;
    const third = await renderTransferApplicationForm(reordered);

    expect(second.sha256).toBe(first.sha256);
    expect(third.sha256).toBe(first.sha256);
    expect(Buffer.from(second.pdf).equals(Buffer.from(first.pdf))).toBe(true);

    const otherReference = await renderTransferApplicationForm({ ...data, reference: 'tr-other' });
    const otherDay = await renderTransferApplicationForm({ ...data, applicationDate: '2024-03-02' });
    expect(otherReference.sha256).not.toBe(first.sha256);
    expect(otherDay.sha256).not.toBe(first.sha256);
  });

  it('dates the document from applicationDate (midnight in Shanghai) with a fixed producer and creator', async () => {
    const { pdf } = await renderTransferApplicationForm(wangFang());
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });

    expect(doc.getCreationDate()?.toISOString()).toBe('2024-02-29T16:00:00.000Z');
    expect(doc.getModificationDate()?.toISOString()).toBe('2024-02-29T16:00:00.000Z');
    expect(doc.getProducer()).toBe('shebao-flow');
    expect(doc.getCreator()).toBe('shebao-flow transfer-application-form v1');
    expect(doc.getTitle()).toBe(TRANSFER_APPLICATION_FORM_TITLE);
    const size = doc.getPage(0).getSize();
    expect([Math.round(size.width), Math.round(size.height)]).toEqual([595, 842]); // A4
  });

  it('embeds font subsets whose glyphs draw the same outlines as Noto Sans SC', async () => {
    // Text extraction reads the ToUnicode map and would pass even if the glyphs drew nothing, which
    // is what unpadded Noto Sans SC subsets did (see padGlyphs): compare the outlines themselves.
    const { pdf } = await renderTransferApplicationForm(wangFang({ periods: twentyPeriods(), totalMonths: 240 }));
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const originals: Record<string, Font> = {
      Regular: fontkit.create(readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'))),
      Bold: fontkit.create(readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'))),
    };

    const fonts = doc.context
      .enumerateIndirectObjects()
      .flatMap(([, object]) => (object instanceof PDFDict && object.get(PDFName.of('Subtype')) === PDFName.of('Type0') ? [object] : []));
    expect(fonts).toHaveLength(2);

    let compared = 0;
    const mismatches: string[] = [];
    for (const font of fonts) {
      const baseFont = font.lookup(PDFName.of('BaseFont'), PDFName).asString();
      expect(baseFont).toMatch(/^\/[A-Z]{6}\+NotoSansSC-(Regular|Bold)$/);
      const original = originals[baseFont.endsWith('Bold') ? 'Bold' : 'Regular']!;
      const descriptor = font.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict).lookup(PDFName.of('FontDescriptor'), PDFDict);
      const fontFile = streamBytes(descriptor, 'FontFile2');
      expect(fontFile.length).toBeLessThan(200 * 1024);
      const subset = fontkit.create(fontFile);
      const toUnicode = Buffer.from(streamBytes(font, 'ToUnicode')).toString('latin1');
      for (const [, gidHex, unicodeHex] of toUnicode.matchAll(/<([0-9a-f]{4})> <([0-9a-f]+)>/gi)) {
        const units = (unicodeHex ?? '').match(/.{4}/g) ?? [];
        const chars = Array.from(String.fromCharCode(...units.map((u) => parseInt(u, 16))));
        if (chars.length !== 1) continue; // a ligature: no single original glyph to compare with
        const char = chars[0]!;
        const expected = original.glyphForCodePoint(char.codePointAt(0)!).path.toSVG();
        let actual: string;
        try {
          actual = subset.getGlyph(parseInt(gidHex ?? '', 16)).path.toSVG();
        } catch (error) {
          actual = `unreadable: ${String(error)}`;
        }
        compared += 1;
        if (actual !== expected) mismatches.push(`${baseFont} ${char}`);
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(mismatches).toEqual([]);
  });

  it('reads each font file once per process, however many forms it renders', async () => {
    const readFile = jest.spyOn(fsPromises, 'readFile');
    try {
      await jest.isolateModulesAsync(async () => {
        // A fresh copy of the module, so its font cache starts empty.
        const fresh = await import('../../activities/forms/transfer-application-form');
        await Promise.all([fresh.renderTransferApplicationForm(wangFang()), fresh.renderTransferApplicationForm(wangFang({ name: '赵敏' }))]);
        await fresh.renderTransferApplicationForm(wangFang({ name: '钱多多' }));
      });
      const fontReads = readFile.mock.calls.map(([path]) => String(path)).filter((path) => path.endsWith('.ttf'));
      expect(fontReads.sort()).toEqual([
        require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
        require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
      ]);
    } finally {
      readFile.mockRestore();
    }
  });

  it('rejects malformed data without echoing personal data', async () => {
    await expect(renderTransferApplicationForm(wangFang({ applicationDate: '2024-02-30' }))).rejects.toThrow(/applicationDate/);
    await expect(renderTransferApplicationForm(wangFang({ totalMonths: -1 }))).rejects.toThrow(/totalMonths/);
    const badPeriod = wangFang({ periods: [{ ...wangFang().periods[0]!, firstMonth: '2021-13' }] });
    const error = await renderTransferApplicationForm({ ...badPeriod, birthDate: '1992/05/18' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect(String(error)).toMatch(/birthDate.*periods\[0\]\.firstMonth/);
    expect(String(error)).not.toContain('1992/05/18');
    expect(String(error)).not.toContain(WANG_FANG_ID);
  });
});

describe('padGlyphs', () => {
  it('pads every glyph to a multiple of four bytes and leaves its outline unchanged', () => {
    const bytes = readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'));
    const original = fontkit.create(bytes);
    const padded = fontkit.create(padGlyphs(bytes));

    expect(padded.numGlyphs).toBe(original.numGlyphs);
    const offsets = (padded as unknown as { loca: { offsets: number[] } }).loca.offsets;
    expect(offsets.filter((offset) => offset % 4 !== 0)).toEqual([]);
    for (let gid = 0; gid < original.numGlyphs; gid += 97) {
      expect(padded.getGlyph(gid).path.toSVG()).toBe(original.getGlyph(gid).path.toSVG());
    }
    for (const ch of '王芳女长沙广州基本养老保险关系转移接续申请表（）0123456789X') {
      const cp = ch.codePointAt(0)!;
      expect(padded.glyphForCodePoint(cp).path.toSVG()).toBe(original.glyphForCodePoint(cp).path.toSVG());
    }
  });
});
