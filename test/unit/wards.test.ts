import assert from 'node:assert/strict';
import { editDistance } from '../../server/src/service/text';
import { describe, it } from 'node:test';
import { isWardName, nearestWardName, normalizeChiefTitle, normalizeWardName, wardByCode, wardByName, wardCount, wardNames, wards } from '../../server/src/service/domain/wards';

describe('wards: the 24 wards and their codes', () => {
  it('has 24 distinct wards (全区 = 24) in the customary order, 北区 first and 西成区 last', () => {
    assert.equal(wardCount, 24);
    assert.equal(new Set(wardNames).size, 24);
    assert.equal(wardNames[0], '北区');
    assert.equal(wardNames[23], '西成区');
    assert.equal(wardNames.indexOf('淀川区'), 11); // after 西淀川区, as in 001's table
  });

  it('uses codes 27102–27128 with the gaps of the 1989 merger (27101, 27105, 27110, 27112)', () => {
    const codes = wards.map((w) => w.code).sort((a, b) => a - b);
    assert.equal(new Set(codes).size, 24);
    assert.equal(codes[0], 27102);
    assert.equal(codes[23], 27128);
    for (const gap of [27101, 27105, 27110, 27112]) assert.equal(wardByCode(gap), undefined, String(gap));
    assert.equal(wardByCode(27127)?.name, '北区');
    assert.equal(wardByCode(27128)?.name, '中央区');
    assert.equal(wardByCode(27119)?.name, '阿倍野区');
    assert.equal(wardByCode(27107)?.name, '港区');
  });
});

describe('wards: names as written', () => {
  it('removes padding spaces, ASCII and U+3000, anywhere in the name', () => {
    assert.equal(normalizeWardName('北 区'), '北区');
    assert.equal(normalizeWardName('西\u3000区'), '西区');
    assert.equal(normalizeWardName(' 港  区 '), '港区');
    assert.equal(normalizeWardName('\u3000'), '');
    assert.equal(normalizeChiefTitle('大阪市 北区長'), '北区長');
    assert.equal(normalizeChiefTitle('大阪市長'), '大阪市長');
  });

  it('finds a ward by a padded name and refuses names that are not wards', () => {
    assert.equal(wardByName('北 区')?.code, 27127);
    assert.equal(wardByName('天王寺区')?.name, '天王寺区');
    assert.ok(isWardName('西\u3000区'));
    for (const name of ['東区', '南区', '大淀区', '北', '大阪市北区', '北区長', '', '東淀区']) assert.equal(isWardName(name), false, name);
  });

  it('does not apply NFKC (a half-width or compatibility form is not silently accepted)', () => {
    assert.equal(isWardName('北區'), false);
  });

  it('suggests the nearest ward for a near miss and nothing for an unrelated name', () => {
    assert.equal(nearestWardName('東淀区'), '東淀川区');
    assert.equal(nearestWardName('阿部野区'), '阿倍野区');
    assert.equal(nearestWardName('住之江 区'), '住之江区');
    assert.equal(nearestWardName('大阪府庁'), undefined);
    assert.equal(nearestWardName(' '), undefined);
  });

  it('computes edit distances', () => {
    assert.equal(editDistance('連携強化', '連携の強化'), 1);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
});
