// Finding the browser (pure, per OS). Printing in a real Chromium is tested in test/e2e/export-pdf.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExportError } from '../../server/src/export/atomicWrite';
import { browserCandidates, findBrowser, headerFooter } from '../../server/src/export/pdf';

const only = (...paths: string[]) => (p: string) => paths.includes(p);

function notFound(run: () => unknown): ExportError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ExportError);
    assert.equal(error.code, 'browser-not-found');
    return error;
  }
  return assert.fail('expected browser-not-found');
}

describe('finding a Chromium-family browser', () => {
  it('Windows: Chrome, then Edge, under Program Files and LocalAppData', () => {
    const env = { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' };
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    const chrome = 'C:\\Users\\a\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    assert.equal(findBrowser({ platform: 'win32', env, exists: only(edge) }), edge);
    assert.equal(findBrowser({ platform: 'win32', env, exists: only(edge, chrome) }), chrome);
    assert.match(notFound(() => findBrowser({ platform: 'win32', env, exists: only() })).message, /Google Chrome か Microsoft Edge をインストール.*policySheets\.export\.browserPath/);
  });

  it('macOS: /Applications and ~/Applications', () => {
    const edge = '/Users/a/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
    assert.equal(findBrowser({ platform: 'darwin', env: { HOME: '/Users/a' }, exists: only(edge) }), edge);
    assert.ok(browserCandidates('darwin', {}).includes('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'));
  });

  it('Linux: the usual paths, then PATH', () => {
    assert.equal(findBrowser({ platform: 'linux', env: {}, exists: only('/usr/bin/chromium') }), '/usr/bin/chromium');
    assert.equal(findBrowser({ platform: 'linux', env: { PATH: '/opt/x/bin:/usr/local/bin' }, exists: only('/usr/local/bin/google-chrome') }), '/usr/local/bin/google-chrome');
    assert.match(notFound(() => findBrowser({ platform: 'linux', env: {}, exists: only() })).message, /apt install chromium.*--browser/);
  });

  it('a path given by the setting or --browser wins, and must exist', () => {
    assert.equal(findBrowser({ browserPath: '/my/chrome', platform: 'linux', env: {}, exists: only('/my/chrome', '/usr/bin/chromium') }), '/my/chrome');
    assert.match(notFound(() => findBrowser({ browserPath: '/my/chrome', platform: 'linux', env: {}, exists: only('/usr/bin/chromium') })).message, /「\/my\/chrome」が見つかりません/);
    assert.equal(findBrowser({ platform: 'linux', env: { POLICY_SHEETS_BROWSER: '/env/chrome' }, exists: only('/env/chrome') }), '/env/chrome');
  });

  it('page header and footer templates: the escaped title, page n / m', () => {
    const { headerTemplate, footerTemplate } = headerFooter('<b>区</b>');
    assert.match(headerTemplate, />&lt;b&gt;区&lt;\/b&gt;<\/div>$/);
    assert.match(footerTemplate, /<span class="pageNumber"><\/span> \/ <span class="totalPages"><\/span>/);
  });
});
