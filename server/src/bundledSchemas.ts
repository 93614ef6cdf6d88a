import type { SchemaSources } from './service';
import common from '../../schemas/common.schema.json';
import furikaeri from '../../schemas/振り返りシート.schema.json';
import uneiHoshin from '../../schemas/区運営方針.schema.json';
import shiseiKaikaku from '../../schemas/市政改革プラン進捗.schema.json';
import bukai from '../../schemas/部会議事概要.schema.json';
import { precompiledSchemas } from './precompiledSchemas';

/**
 * The schemas of schemas/, bundled into the server and the CLI at build time (esbuild's JSON
 * loader), so both validate with exactly the schemas they shipped with; in the bundles, with
 * their validators precompiled at build time too (`precompiled`, see precompiledSchemas.ts).
 */
export const bundledSchemas: SchemaSources = {
  common,
  kinds: { 振り返りシート: furikaeri, 区運営方針: uneiHoshin, 市政改革プラン進捗: shiseiKaikaku, 部会議事概要: bukai },
  precompiled: precompiledSchemas,
};

/** The JSON Schema of the project file `.policy-sheets.yaml` (schemas/policy-sheets-config.schema.json). */
export { default as projectConfigSchema } from '../../schemas/policy-sheets-config.schema.json';
