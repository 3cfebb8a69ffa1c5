// Prints the text of a PDF, page by page (pdfjs-dist is ESM only, so tests run this in a child node).
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const data = new Uint8Array(await readFile(process.argv[2]));
const pdf = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
const pages = [];
for (let n = 1; n <= pdf.numPages; n++) {
  const content = await (await pdf.getPage(n)).getTextContent();
  pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join('\n'));
}
process.stdout.write(JSON.stringify({ pages: pdf.numPages, text: pages.join('\n'), title: (await pdf.getMetadata()).info?.Title ?? null }));
