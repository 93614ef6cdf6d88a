import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enabledWritingRules } from '../../server/src/service/checks/writing';
import { couldReport } from '../../server/src/writing/precheck';

describe('couldReport: which texts a morphological rule needs to see', () => {
  it('ら抜き needs a れ', () => {
    assert.equal(couldReport('no-dropping-the-ra', '地域の方が見れる場を設けた。'), true);
    assert.equal(couldReport('no-dropping-the-ra', '全区で説明会を開催した。'), false);
  });

  it('a です/ます and である mix needs both', () => {
    assert.equal(couldReport('no-mix-dearu-desumasu', '課題である。改善します。'), true);
    assert.equal(couldReport('no-mix-dearu-desumasu', '改善します。周知します。'), false);
    assert.equal(couldReport('no-mix-dearu-desumasu', '課題である。改善する。'), false);
  });

  it('a successive word needs some string written twice in a row', () => {
    assert.equal(couldReport('ja-no-successive-word', '区政会議の開催開催を行う'), true);
    assert.equal(couldReport('ja-no-successive-word', 'これはは誤り'), true);
    assert.equal(couldReport('ja-no-successive-word', '全区で説明会を開催した。'), false);
  });

  it('other rules always run', () => {
    assert.equal(couldReport('no-doubled-joshi', 'あ'), true);
    assert.equal(couldReport('prh', 'あ'), true);
  });
});

describe('enabledWritingRules: the rules the configuration leaves on', () => {
  it('by default: all but doubled particles and mixed width; a code set off is skipped; a configured one runs', () => {
    const defaults = enabledWritingRules({});
    assert.ok(!defaults.includes('no-doubled-joshi') && !defaults.includes('no-mixed-zenkaku-and-hankaku-alphabet'));
    assert.ok(defaults.includes('prh') && defaults.includes('no-dropping-the-ra'));
    const configured = enabledWritingRules({ 'writing/no-dropping-the-ra': 'off', 'writing/no-doubled-joshi': 'warning' });
    assert.ok(!configured.includes('no-dropping-the-ra') && configured.includes('no-doubled-joshi'));
  });
});
