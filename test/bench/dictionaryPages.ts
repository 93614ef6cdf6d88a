/**
 * How much of kuromoji's dictionary a sheet's prose touches (issue 11 §2, the writing checks'
 * memory): the 4 KiB pages of base.dat and check.dat (the double-array trie), cc.dat (connection
 * costs) and tid.dat (token info) that tokenizing every free text of a generated 振り返りシート
 * reads, against each file's pages. The writing worker reads these files whole (one resident page
 * per page of the file, ≈ 23 MiB); this is what loading them page by page on demand could leave
 * resident instead. An upper bound for a real run: every text is tokenized here, where the
 * pre-checks (server/src/writing/precheck.ts) send only some. Needs `npm run build` (dist/dict).
 * Run: `node --import tsx test/bench/dictionaryPages.ts [lines=900]`.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { writingTexts } from '../../server/src/service/checks/writing';
import { parseSheet } from '../../server/src/service/parse';
import { dynamicDictionaries, readDictionary } from '../../server/src/writing/dictionary';
import { useLinearLatticeBuilder } from '../../server/src/writing/lattice';
import { sheetOfLines } from '../helpers/sheetGen';

interface Accessors {
  trie: { bc: { getBase(i: number): number; getCheck(i: number): number } };
  connection_costs: { backward_dimension: number; get(forward: number, backward: number): number };
  token_info_dictionary: { dictionary: { getShort(offset: number): number } };
}
type TokenizerClass = new (dic: unknown) => { tokenize(text: string): unknown[] };

const page = 4096;

async function main(): Promise<void> {
  const lines = Number(process.argv[2] ?? 900);
  useLinearLatticeBuilder();
  const dir = join(__dirname, '../../dist/dict');
  const dic = dynamicDictionaries(await readDictionary(dir)) as unknown as Accessors;
  const touched = { 'base.dat': new Set<number>(), 'check.dat': new Set<number>(), 'cc.dat': new Set<number>(), 'tid.dat': new Set<number>() };
  // Wrap the accessors kuromoji's trie walk, Viterbi search and token builder read through.
  const { bc } = dic.trie;
  const getBase = bc.getBase.bind(bc);
  const getCheck = bc.getCheck.bind(bc);
  bc.getBase = (i) => (touched['base.dat'].add(Math.floor((i * 4) / page)), getBase(i));
  bc.getCheck = (i) => (touched['check.dat'].add(Math.floor((i * 4) / page)), getCheck(i));
  const costs = dic.connection_costs;
  const cost = costs.get.bind(costs);
  // cc.dat: two int16 dimensions, then the matrix (kuromoji's ConnectionCosts).
  costs.get = (f, b) => (touched['cc.dat'].add(Math.floor((4 + 2 * (f * costs.backward_dimension + b)) / page)), cost(f, b));
  const info = dic.token_info_dictionary.dictionary;
  const getShort = info.getShort.bind(info);
  info.getShort = (offset) => (touched['tid.dat'].add(Math.floor(offset / page)), getShort(offset));

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Tokenizer = require('kuromoji/src/Tokenizer') as TokenizerClass;
  const tokenizer = new Tokenizer(dic);
  const texts = writingTexts(parseSheet(sheetOfLines('振り返りシート', lines, 1))).map((t) => t.text);
  for (const text of texts) tokenizer.tokenize(text);

  console.log(`${texts.length} texts of a ${lines}-line 振り返りシート, all tokenized`);
  let all = 0;
  let read = 0;
  for (const [name, pages] of Object.entries(touched)) {
    const total = Math.ceil(statSync(join(dir, name)).size / page);
    all += total;
    read += pages.size;
    console.log(`${name}: ${pages.size} of ${total} pages (${((pages.size * page) / 2 ** 20).toFixed(1)} of ${((total * page) / 2 ** 20).toFixed(1)} MiB)`);
  }
  console.log(`together: ${((read * page) / 2 ** 20).toFixed(1)} of ${((all * page) / 2 ** 20).toFixed(1)} MiB`);
}

void main();
