import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { minutesSheet } from '../helpers/sheets';

const root = resolve(__dirname, '../..');
const cli = (args: string[], cwd = root) => spawnSync(process.execPath, [resolve(root, 'bin/policy-sheets.js'), ...args], { cwd, encoding: 'utf8' });
const temp = () => mkdtempSync(join(tmpdir(), 'policy-sheets-render-'));

// The 部会 layout prints 場所 alone in its cell (件名 get their 番号 in front), so the formula-like
// text goes there to reach a cell as the whole value.
const minutes = minutesSheet().replace('場所: web会議', '場所: "=HYPERLINK(\\"http://x\\")"');
const withError = minutes.replace('公開区分: 公開', '公開区分: 秘密');

function sheets(files: Record<string, string>): string {
  const dir = temp();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('policy-sheets render', () => {
  it('--format html writes a standalone file beside the sheet and exits 0', () => {
    const dir = sheets({ 'a.sheet.yaml': minutes });
    const r = cli(['render', join(dir, 'a.sheet.yaml'), '--format', 'html']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /書き出しました: .*a\.html/);
    const html = readFileSync(join(dir, 'a.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(html.includes('人事・財政部会'));
    assert.doesNotMatch(html, /<script/i);
    assert.deepEqual(readdirSync(dir).sort(), ['a.html', 'a.sheet.yaml']);
  });

  it('--format xlsx -o file.xlsx writes a workbook whose formula-like text stays a string', async () => {
    const dir = sheets({ 'a.sheet.yaml': minutes });
    const out = join(dir, 'out.xlsx');
    const r = cli(['render', join(dir, 'a.sheet.yaml'), '--format=xlsx', '-o', out]);
    assert.equal(r.status, 0, r.stderr);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const cells: ExcelJS.Cell[] = [];
    workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => void cells.push(cell)));
    const injected = cells.find((c) => c.value === '=HYPERLINK("http://x")');
    assert.ok(injected, 'the text is there as written');
    assert.equal(injected.type, ExcelJS.ValueType.String);
    assert.ok(cells.some((c) => c.value === '第1回 人事・財政部会（公開）議事概要'));
  });

  it('a folder renders every sheet into -o, keeping sub-folders; errors are listed on stderr and exit 1', () => {
    const dir = sheets({ 'a.sheet.yaml': minutes, 'sub/b.sheet.yaml': withError, 'notes.yaml': 'x: 1' });
    const out = join(temp(), 'new', 'folder');
    const r = cli(['render', dir, '--format', 'xlsx', '-o', out]);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(existsSync(join(out, 'a.xlsx')));
    assert.ok(existsSync(join(out, 'sub', 'b.xlsx')), 'a sheet with errors still renders');
    assert.match(r.stderr, /警告: .*b\.sheet\.yaml にエラーが 1 件あります（このまま書き出します）:\n  .*b\.sheet\.yaml:4:7 error schema\/enum /);
  });

  it('--fail-on-error refuses a sheet with errors and writes the others', () => {
    const dir = sheets({ 'a.sheet.yaml': minutes, 'b.sheet.yaml': withError });
    const r = cli(['render', dir, '--format', 'html', '--fail-on-error']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--fail-on-error のため書き出しません/);
    assert.ok(existsSync(join(dir, 'a.html')));
    assert.ok(!existsSync(join(dir, 'b.html')));
  });

  it('bad usage exits 2: no format, an unknown format, no path, an unreadable path, two sheets onto one file', () => {
    const dir = sheets({ 'a.sheet.yaml': minutes, 'x/a.sheet.yaml': minutes });
    for (const args of [['render', dir], ['render', dir, '--format', 'docx'], ['render', '--format', 'html'], ['render', join(dir, 'nope.sheet.yaml'), '--format', 'html'], ['render', join(dir, 'a.sheet.yaml'), join(dir, 'x', 'a.sheet.yaml'), '--format', 'html', '-o', join(dir, 'out')], ['render', dir, '--format', 'html', '--bogus']]) {
      const r = cli(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /^policy-sheets: /);
    }
    assert.ok(!existsSync(join(dir, 'out')), 'nothing written');
  });

  it('an output that cannot be written: a clear message, exit 2, no file', () => {
    const dir = sheets({ 'a.sheet.yaml': minutes, 'file': '' });
    const underFile = cli(['render', join(dir, 'a.sheet.yaml'), '--format', 'html', '-o', join(dir, 'file', 'a.html')]);
    assert.equal(underFile.status, 2);
    assert.match(underFile.stderr, /はフォルダーではありません|フォルダー「.*」がありません/);
    const missingFolder = cli(['render', join(dir, 'a.sheet.yaml'), '--format', 'html', '-o', join(dir, 'no', 'such', 'a.html')]);
    assert.equal(missingFolder.status, 2);
    assert.match(missingFolder.stderr, /フォルダー「.*」がありません/);
    assert.deepEqual(readdirSync(dir).sort(), ['a.sheet.yaml', 'file']);
  });

  it('a workbook open in Excel (its ~$ lock file): exit 2, the old file untouched', () => {
    const dir = sheets({ 'a.sheet.yaml': minutes, 'a.xlsx': 'old', '~$a.xlsx': '' });
    const r = cli(['render', join(dir, 'a.sheet.yaml'), '--format', 'xlsx']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /ほかのアプリ（Excel など）で開かれている/);
    assert.equal(readFileSync(join(dir, 'a.xlsx'), 'utf8'), 'old');
    assert.deepEqual(readdirSync(dir).sort(), ['a.sheet.yaml', 'a.xlsx', '~$a.xlsx']);
  });

  it('--format pdf without a browser: says what to install or set, exit 2, no file', () => {
    const dir = sheets({ 'a.sheet.yaml': minutes });
    const r = cli(['render', join(dir, 'a.sheet.yaml'), '--format', 'pdf', '--browser', join(dir, 'no-chrome')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /ブラウザー「.*no-chrome」が見つかりません。設定 policySheets\.export\.browserPath（CLI では --browser）/);
    assert.deepEqual(readdirSync(dir), ['a.sheet.yaml']);
  });
});
