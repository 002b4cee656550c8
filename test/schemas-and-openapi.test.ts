import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTypes } from '../scripts/generate-types.ts';
import { ROUTES } from '../services/api/routes.ts';
import { ERROR_CATALOGUE } from '../services/kernel/error-catalogue.ts';
import { loadSchemaFiles, SCHEMA_BASE, SCHEMA_DIR } from '../services/kernel/validator.ts';
import { ROOT } from './support/child.ts';
import { startTestPlatform, type TestPlatform } from './support/platform.ts';

let platform: TestPlatform;
let doc: any;

beforeAll(async () => {
  platform = await startTestPlatform();
  doc = await (await fetch(platform.baseUrl.replace('/api/v3', '/openapi.json'))).json();
});
afterAll(() => platform?.close());

function refs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, found));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

describe('schemas', () => {
  it('are JSON Schema 2020-12 with an $id naming their file and a title', () => {
    for (const [file, schema] of loadSchemaFiles()) {
      expect(schema.$schema, file).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id, file).toBe(`${SCHEMA_BASE}${file}`);
      expect(schema.title, file).toEqual(expect.any(String));
    }
  });

  it('have current generated types in schemas/types.ts', async () => {
    expect(readFileSync(`${SCHEMA_DIR}types.ts`, 'utf8')).toBe(await generateTypes());
  });
});

describe('OpenAPI document', () => {
  it('is served at /openapi.json and /api/v3/schema/ alike', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(await (await fetch(`${platform.baseUrl}/schema/`)).json()).toEqual(doc);
  });

  it('documents every route the gateway serves, with its request schema', () => {
    for (const route of ROUTES) {
      const op = doc.paths[`/api/v3${route.path}`]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(Object.keys(op.responses)).toContain(String(route.status));
      if (route.body) expect(JSON.stringify(op.requestBody)).toContain(`#/components/schemas/`);
    }
    const operations = Object.values(doc.paths).flatMap((p: any) => Object.keys(p));
    expect(operations).toHaveLength(ROUTES.length);
  });

  it('has no reference to a schema it does not define', () => {
    const defined = new Set(Object.keys(doc.components.schemas).map((n) => `#/components/schemas/${n}`));
    const missing = refs(doc).filter((r) => !defined.has(r));
    expect(missing).toEqual([]);
  });
});

describe('error catalogue', () => {
  it('gives every code an HTTP error status and an LDAP result code, and README documents each', () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(Number.isInteger(entry.ldapResult), code).toBe(true);
      expect(readme, `README.md lists ${code}`).toContain(`| \`${code}\` | ${entry.status} |`);
    }
  });
});
