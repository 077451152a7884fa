#!/usr/bin/env node
// Checks a prospect export (.xlsx) the way a spreadsheet program reads it: LibreOffice converts the workbook to CSV
// and every phone must read back exactly as Pond wrote it (no 8.61E+12, no apostrophe in front), every text cell
// that starts like a formula (= + - @) must read back as that text (not run), and every other text cell unchanged.
// Needs LibreOffice (`apt-get install libreoffice-calc-nogui`); not part of CI, which has none.
// Usage: node scripts/check-xlsx.mjs FILE.xlsx
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** The phones column's header in each of Pond's languages. */
const PHONE_HEADERS = new Set(['Phones', '電話', '电话']);
const FORMULA_START = /^\s*[=+\-@]/;

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error('Usage: node scripts/check-xlsx.mjs FILE.xlsx');
  process.exit(2);
}

// What Pond wrote: the first sheet's cells, read with exceljs.
const book = new ExcelJS.Workbook();
await book.xlsx.readFile(file);
const sheet = book.worksheets[0];
if (!sheet) fail('the workbook has no sheet');
const written = [];
sheet.eachRow({ includeEmpty: true }, (row) => {
  const cells = [];
  for (let c = 1; c <= sheet.columnCount; c++) cells.push(row.getCell(c));
  written.push(cells);
});
const header = written[0].map((cell) => String(cell.value ?? ''));
const phoneColumn = header.findIndex((h) => PHONE_HEADERS.has(h));

// What LibreOffice reads: the same sheet as UTF-8 CSV (filter options: comma, double quote, UTF-8, from row 1).
const out = mkdtempSync(join(tmpdir(), 'pond-check-xlsx-'));
let read;
try {
  const converted = spawnSync(
    'soffice',
    [`-env:UserInstallation=${pathToFileURL(join(out, 'profile')).href}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', out, file],
    { encoding: 'utf8', timeout: 180_000 },
  );
  if (converted.error) fail(`soffice could not run (${converted.error.message}); install LibreOffice: apt-get install libreoffice-calc-nogui`);
  const csv = readdirSync(out).find((f) => f.endsWith('.csv'));
  if (converted.status !== 0 || !csv) fail(`soffice did not convert ${basename(file)}: ${converted.stderr || converted.stdout}`);
  read = parse(readFileSync(join(out, csv), 'utf8'), { bom: true, relax_column_count: true });
} finally {
  rmSync(out, { recursive: true, force: true });
}

const problems = [];
let phones = 0;
let formulaLike = 0;
let textCells = 0;
if (read.length !== written.length) problems.push(`LibreOffice reads ${read.length} rows, the workbook has ${written.length}`);
for (let r = 0; r < written.length; r++) {
  for (let c = 0; c < written[r].length; c++) {
    const cell = written[r][c];
    const got = read[r]?.[c] ?? '';
    const at = `${cell.address} (${header[c]})`;
    if (cell.type === ExcelJS.ValueType.Formula) problems.push(`${at} is a formula in the workbook`);
    if (c === phoneColumn && r > 0 && cell.value !== null) {
      phones++;
      if (cell.type !== ExcelJS.ValueType.String) problems.push(`${at}: the phone ${cell.value} is written as a number, not as text`);
      if (String(cell.value).startsWith("'") || got.startsWith("'")) problems.push(`${at}: the phone reads back with an apostrophe as ${got}`);
      if (/e\+?\d/i.test(got)) problems.push(`${at}: the phone ${cell.value} reads back in scientific notation as ${got}`);
    }
    if (cell.type !== ExcelJS.ValueType.String) continue;
    const want = String(cell.value);
    textCells++;
    if (FORMULA_START.test(want)) formulaLike++;
    if (got !== want) problems.push(`${at}: wrote ${JSON.stringify(want)}, LibreOffice reads ${JSON.stringify(got)}`);
  }
}

console.log(`${basename(file)}: ${written.length - 1} prospects, ${header.length} columns, sheet "${sheet.name}".`);
if (phoneColumn < 0) console.log('No phones column (it was not among the columns exported).');
else console.log(`Phones column ${header[phoneColumn]}: ${phones} cells with a phone.`);
console.log(`${textCells} text cells compared, ${formulaLike} of them starting like a formula (= + - @).`);
if (problems.length) {
  for (const p of problems.slice(0, 50)) console.log(`  ✗ ${p}`);
  if (problems.length > 50) console.log(`  … and ${problems.length - 50} more`);
  fail(`${problems.length} cells do not read back as written`);
}
console.log('OK: every phone and every text cell reads back in LibreOffice exactly as written, and no cell is a formula.');

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}
