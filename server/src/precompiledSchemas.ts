import type { PrecompiledSchemas } from './service/schemas';

/**
 * The validators of bundledSchemas, generated at build time. This file is what runs under tsx
 * (tests): undefined, so the schemas are compiled at run time. In dist/server.js and dist/cli.js
 * esbuild.mjs replaces this module with ajv standalone code generated from the same schemas
 * (server/src/schemaStandalone.ts), so the bundles start without compiling any schema.
 */
export const precompiledSchemas: PrecompiledSchemas | undefined = undefined;
