import type Ajv from 'ajv';

/**
 * ajv's constructor, loaded on first use rather than at start-up: the bundled server and CLI
 * validate sheets with validators precompiled at build time (schemas.ts, `SchemaSources.precompiled`)
 * and need ajv itself only to compile schemas at run time (tests, a schema passed in by a host)
 * or a project file's schema (config.ts). Initialising ajv cost about 60 ms of the server's
 * ~420 ms module loading (CPU profile, 900-line sheet). Throws only if ajv is not installed.
 */
export function loadAjv(): typeof Ajv {
  return (require('ajv') as typeof import('ajv')).default;
}
