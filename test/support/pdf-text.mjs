// Reads a PDF from stdin and prints its text as JSON: { numPages, pages: [[item, ...], ...] }, one
// array of text items (non-blank, in content-stream order) per page.
//
// Why a separate process: pdfjs-dist 4 ships only ES modules, and jest (CommonJS, no
// --experimental-vm-modules) can neither require() them nor run a dynamic import(), so tests
// spawn `node test/support/pdf-text.mjs` instead (see test/activities/transfer-application-form.test.ts).
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const data = new Uint8Array(Buffer.concat(chunks));

const doc = await getDocument({ data, disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
const pages = [];
for (let number = 1; number <= doc.numPages; number++) {
  const page = await doc.getPage(number);
  const content = await page.getTextContent();
  pages.push(content.items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [item.str] : [])));
}
await doc.destroy();
process.stdout.write(JSON.stringify({ numPages: doc.numPages, pages }));
