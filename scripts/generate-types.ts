/** Generates schemas/types.ts from schemas/*.schema.json; with --check, fails when the committed file is stale. */
import { readFileSync, writeFileSync } from 'node:fs';
import { compile } from 'json-schema-to-typescript';
import { loadSchemaFiles, SCHEMA_DIR } from '../services/kernel/validator.ts';

const OUT = `${SCHEMA_DIR}types.ts`;

export async function generateTypes(): Promise<string> {
  const files = loadSchemaFiles();
  const root = {
    title: 'AllSchemas',
    type: 'object',
    properties: Object.fromEntries([...files.keys()].map((f) => [f.replace('.schema.json', ''), { $ref: f }])),
    additionalProperties: false,
  };
  const body = await compile(root as never, 'AllSchemas', {
    cwd: SCHEMA_DIR,
    bannerComment: '/* Generated from schemas/*.schema.json by `npm run schemas`. Do not edit: change the schema and regenerate. */',
    declareExternallyReferenced: true,
    unknownAny: true,
    style: { singleQuote: true, printWidth: 120 },
  });
  return body.replace(/export interface AllSchemas \{[\s\S]*?\n\}\n/, '');
}

if (import.meta.main) {
  const text = await generateTypes();
  if (process.argv.includes('--check')) {
    if (readFileSync(OUT, 'utf8') !== text) {
      console.error('schemas/types.ts is stale: run `npm run schemas` and commit the result.');
      process.exit(1);
    }
    console.log('schemas/types.ts is current.');
  } else {
    writeFileSync(OUT, text);
    console.log(`wrote ${OUT}`);
  }
}
