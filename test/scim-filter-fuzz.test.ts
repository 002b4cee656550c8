import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AttrPath, CompValue, ScimFilter } from '../plugins/scim/source/filter/ast.ts';
import { matchesElement } from '../plugins/scim/source/filter/evaluate.ts';
import { FilterParser, parseFilter, parsePath } from '../plugins/scim/source/filter/parse.ts';
import { toDocumentFilter } from '../plugins/scim/source/filter/resolve.ts';
import { RESOURCE_TYPES, resolveAttr } from '../plugins/scim/source/schema/catalogue.ts';
import { ScimError } from '../plugins/scim/source/scim-error.ts';
import { prng, type Rand } from './support/prng.ts';


const emails = resolveAttr(RESOURCE_TYPES.User, { name: 'emails' })!.def;
const element = { type: 'work', value: 'Bjensen@example.com', primary: true, display: '' };

/** Whatever the text, every entry point returns or refuses with a 400 of its scimType; anything else is collected. */
function outcome(text: string, problems: string[]): { parsed: boolean; resolved: number } {
  const refused = (err: unknown, scimType: string) => {
    if (!(err instanceof ScimError) || err.status !== 400 || err.scimType !== scimType) problems.push(`${JSON.stringify(text)}: ${String(err)}`);
  };
  try {
    parsePath(text);
  } catch (err) {
    refused(err, 'invalidPath');
  }
  let filter: ScimFilter;
  try {
    filter = parseFilter(text);
  } catch (err) {
    refused(err, 'invalidFilter');
    return { parsed: false, resolved: 0 };
  }
  let resolved = 0;
  for (const type of [RESOURCE_TYPES.User, RESOURCE_TYPES.Group]) {
    try {
      toDocumentFilter(type, filter);
      resolved++;
    } catch (err) {
      refused(err, 'invalidFilter');
    }
  }
  try {
    matchesElement(element, filter, emails);
  } catch (err) {
    refused(err, 'invalidFilter');
  }
  return { parsed: true, resolved };
}

/** Runs a corpus through `outcome`; returns how many parsed and how many resolutions succeeded. */
function run(corpus: string[]) {
  const problems: string[] = [];
  let parsed = 0;
  let resolved = 0;
  for (const text of corpus) {
    const o = outcome(text, problems);
    parsed += Number(o.parsed);
    resolved += o.resolved;
  }
  return { problems, parsed, resolved, total: corpus.length };
}

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/scim-conformance/${name}`, import.meta.url), 'utf8'));
const upstreamFilters = (fixture('scim2-parse-filter-vectors.json').parsed as { filter: string }[]).map((v) => v.filter);
const scimmy = fixture('scimmy-types-filter.json');
const scimmyFilters = [
  ...Object.values(scimmy.parse as Record<string, { source: string }[]>).flat().map((c) => c.source),
  ...Object.values(scimmy.expression as Record<string, { target: string }[]>).flat().map((c) => c.target),
];
const validFilters = [...new Set([...upstreamFilters, ...scimmyFilters])].filter((f) => {
  try {
    parseFilter(f);
    return true;
  } catch {
    return false;
  }
});

const PIECES = [
  'eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr', 'and', 'OR', 'not', 'Not', '(', ')', '[', ']', '"', '\\', '.', ':', ' ', ' ', ' ', '\t',
  'userName', 'emails', 'value', 'members', 'groups', 'meta.lastModified', 'meta.resourceType', 'active', 'id', '$ref', 'x', 'urn:ietf:params:scim:schemas:core:2.0:User:',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', '1', '-', '0.5', 'e9', 'E-1', '+', 'true', 'null', 'False', '"a b"', '"\\u00e9"', '\\u00', '\u00e9', '\n', '\u0000', '"2021-09-08T23:02:28Z"',
];
const ALPHABET = 'abeqnoprstuvwxyz AEQNORT()[]".:-_$\\/+019\t';

function randomText(r: Rand): string {
  if (r.next() < 0.5) return Array.from({ length: r.int(80) }, () => ALPHABET[r.int(ALPHABET.length)]).join('');
  return Array.from({ length: 1 + r.int(20) }, () => r.pick(PIECES)).join(r.next() < 0.5 ? ' ' : '');
}

function mutate(r: Rand, text: string): string {
  const words = text.split(' ');
  const i = r.int(text.length + 1);
  const w = r.int(words.length);
  switch (r.int(7)) {
    case 0: return text.slice(0, i) + ALPHABET[r.int(ALPHABET.length)] + text.slice(i);
    case 1: return text.slice(0, i) + text.slice(i + 1);
    case 2: return text.slice(0, i) + text.slice(i + 1, i + 2) + text.slice(i, i + 1) + text.slice(i + 2);
    case 3: return text.slice(0, i) + text.slice(i, i + 1) + text.slice(i);
    case 4: return [...words.slice(0, w), words[w], ...words.slice(w)].join(' ');
    case 5: return [...words.slice(0, w), ...words.slice(w + 1)].join(' ');
    default: {
      const v = r.int(words.length);
      [words[w], words[v]] = [words[v], words[w]];
      return words.join(' ');
    }
  }
}

const ATTRS: AttrPath[] = [
  { name: 'userName' }, { name: 'USERNAME' }, { name: 'name', sub: 'givenName' }, { name: 'emails' }, { name: 'emails', sub: 'value' }, { name: 'emails', sub: 'Primary' },
  { name: 'groups' }, { name: 'groups', sub: 'display' }, { name: 'members', sub: 'value' }, { name: 'meta', sub: 'lastModified' }, { name: 'meta', sub: 'resourceType' },
  { name: 'meta', sub: 'location' }, { name: 'id' }, { name: 'externalId' }, { name: 'active' }, { name: 'displayName' }, { name: 'title' }, { name: 'password' }, { name: 'foo' },
  { uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', name: 'manager', sub: 'value' }, { uri: 'urn:ietf:params:scim:schemas:core:2.0:User', name: 'userName' },
  { uri: 'urn:ietf:params:scim:schemas:core:2.0:Group', name: 'displayName' }, { name: 'addresses', sub: 'postalCode' }, { name: 'x509Certificates' }, { name: 'name' },
];
const MULTI = ['emails', 'groups', 'members', 'addresses', 'phoneNumbers', 'name', 'Emails'];
const SUBS = ['value', 'type', 'display', 'primary', 'postalCode', 'foo', '$ref', 'VALUE'];
const OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr'] as const;
const VALUES: CompValue[] = [
  'work', '', 'a "quoted" \\ back\\slash', 'é ☃ \u{1F600}', 'tab\there', '2021-09-08T23:02:28.986Z', '2011-05-13T04:42:34+02:00', 'User', 'Group',
  true, false, null, 0, 42, -7, 1.5, 2e-7, 1e21, -0.125,
];

/** A random well-formed filter, at most `depth` levels of and/or/not/[...] deep. */
function randomFilter(r: Rand, depth: number, inBracket: boolean): ScimFilter {
  const roll = depth > 0 ? r.next() : 1;
  if (roll < 0.3) return { op: r.pick(['and', 'or'] as const), left: randomFilter(r, depth - 1, inBracket), right: randomFilter(r, depth - 1, inBracket) };
  if (roll < 0.4) return { op: 'not', filter: randomFilter(r, depth - 1, inBracket) };
  if (roll < 0.5 && !inBracket) return { op: 'valuePath', attr: { name: r.pick(MULTI) }, filter: randomFilter(r, depth - 1, true) };
  const attr = inBracket ? { name: r.pick(SUBS) } : r.pick(ATTRS);
  const op = r.pick(OPS);
  return op === 'pr' ? { op, attr } : { op, attr, value: r.pick(VALUES) };
}

/** A filter as text, in random letter case and blanks, with the parentheses precedence needs. */
function show(r: Rand, f: ScimFilter): string {
  const blank = () => r.pick([' ', ' ', '  ', '\t', ' \t ']);
  const word = (w: string) => [...w].map((c) => (r.next() < 0.3 ? c.toUpperCase() : c)).join('');
  const path = (a: AttrPath) => `${a.uri ? `${a.uri}:` : ''}${a.name}${a.sub ? `.${a.sub}` : ''}`;
  switch (f.op) {
    case 'and':
    case 'or': {
      const side = (g: ScimFilter, right: boolean) => ((g.op === 'or' && f.op === 'and') || (right && g.op === f.op) ? `(${show(r, g)})` : show(r, g));
      return `${side(f.left, false)}${blank()}${word(f.op)}${blank()}${side(f.right, true)}`;
    }
    case 'not':
      return `${word('not')}${r.pick(['', ' '])}(${show(r, f.filter)})`;
    case 'valuePath':
      return `${path(f.attr)}[${show(r, f.filter)}]`;
    case 'pr':
      return `${path(f.attr)}${blank()}${word('pr')}`;
    default:
      return `${path(f.attr)}${blank()}${word(f.op)}${blank()}${typeof f.value === 'string' ? JSON.stringify(f.value) : word(String(f.value))}`;
  }
}

describe('filter fuzzing (seeded)', () => {
  it('refuses random text over the filter alphabet only with 400 invalidFilter / invalidPath', () => {
    const r = prng(0x5c1a);
    const result = run(Array.from({ length: 3000 }, () => randomText(r)));
    expect(result.problems).toEqual([]);
    expect(result.parsed).toBeGreaterThan(0);
    expect(result.parsed).toBeLessThan(result.total);
  });

  it('refuses mutations of the vector filters only with 400 invalidFilter / invalidPath', () => {
    const r = prng(0xf17e);
    expect(validFilters.length).toBeGreaterThan(150);
    const corpus = validFilters.flatMap((f) => Array.from({ length: 15 }, () => {
      let text = f;
      for (let n = 1 + r.int(3); n > 0; n--) text = mutate(r, text);
      return text;
    }));
    const result = run(corpus);
    expect(result.problems).toEqual([]);
    expect(result.parsed).toBeGreaterThan(300);
    expect(result.total - result.parsed).toBeGreaterThan(300);
  });

  it('parses random well-formed filters back to their tree, and resolves them or refuses with invalidFilter', () => {
    const r = prng(0x6e7a);
    const problems: string[] = [];
    let resolved = 0;
    for (let n = 0; n < 2000; n++) {
      const filter = randomFilter(r, 4, false);
      const text = show(r, filter);
      expect(parseFilter(text)).toEqual(filter);
      resolved += outcome(text, problems).resolved;
    }
    expect(problems).toEqual([]);
    expect(resolved).toBeGreaterThan(200);
  });
});

describe('filter limits', () => {
  const refusedWith = (run: () => unknown, scimType: string, detail: RegExp) => {
    let caught: unknown;
    try {
      run();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ScimError);
    expect(caught).toMatchObject({ status: 400, scimType, message: expect.stringMatching(detail) });
  };

  it('refuses 100k-deep nesting and 1 MB inputs with a ScimError, not a RangeError', () => {
    const huge = [
      '('.repeat(100_000), `${'('.repeat(100_000)}a pr${')'.repeat(100_000)}`, 'not ('.repeat(200_000), 'emails['.repeat(150_000),
      'userName eq "x" and '.repeat(52_429), `x eq "${'a'.repeat(1 << 20)}"`,
    ];
    for (const text of huge) {
      refusedWith(() => parseFilter(text), 'invalidFilter', /longer than 4096 characters/);
      refusedWith(() => parsePath(text), 'invalidPath', /longer than 4096 characters/);
    }
  });

  it('refuses nesting deeper than 32 within the length limit', () => {
    refusedWith(() => parseFilter(`${'('.repeat(2000)}a pr${')'.repeat(2000)}`), 'invalidFilter', /nests deeper than 32 levels/);
    refusedWith(() => parseFilter(`${'not ('.repeat(800)}a pr`), 'invalidFilter', /nests deeper than 32 levels/);
    refusedWith(() => parseFilter('a['.repeat(2000)), 'invalidFilter', /cannot be nested/);
    refusedWith(() => parsePath(`e[${'('.repeat(2000)}`), 'invalidPath', /nests deeper than 32 levels/);
  });

  it('parses, resolves and evaluates the longest chains the length limit allows', () => {
    const chain = (term: string) => Array.from({ length: Math.floor(4100 / (term.length + 4)) }, () => term).join(' or ');
    const resolved = toDocumentFilter(RESOURCE_TYPES.User, parseFilter(chain('title pr')));
    expect(resolved.op === 'or' && resolved.filters.length).toBe(341);
    expect(matchesElement(element, parseFilter(chain('type pr')), emails)).toBe(true);
    expect(matchesElement(element, parseFilter(chain('display pr')), emails)).toBe(false);
  });
});

describe('linear parsing', () => {
  // The parser reads tokens only through one counter (`reads`: look-ahead and consumption) and its token index only
  // moves forward, so reads bound its work; the lexer's index only moves forward too, so tokens ≤ characters. If
  // reads stay under the same multiple of the token count for every input, small or large, ordinary or built to
  // be awkward, parsing is linear in the input. No clock involved.
  const bound = (tokens: number) => 3 * tokens + 4;
  const work = (text: string) => {
    const parser = new FilterParser(text, 'invalidFilter');
    try {
      parser.filter();
    } catch (err) {
      if (!(err instanceof ScimError)) throw err;
    }
    return { tokens: parser.tokens.length, reads: parser.reads };
  };
  /** The parser's work, or undefined when the text is refused before parsing (too long, or by the lexer). */
  const workIfLexed = (text: string) => {
    try {
      new FilterParser(text, 'invalidFilter');
    } catch {
      return undefined;
    }
    return work(text);
  };
  const count = (f: ScimFilter): number =>
    f.op === 'and' || f.op === 'or' ? count(f.left) + count(f.right) : f.op === 'not' || f.op === 'valuePath' ? count(f.filter) : 1;

  it.each([1, 10, 100, 250])('reads each token a bounded number of times, %i terms per shape', (n) => {
    const shapes = [
      Array.from({ length: n }, (_, i) => `a${i} eq ${i}`).join(' and '),
      Array.from({ length: n }, (_, i) => `a pr ${i % 2 ? 'and' : 'or'}`).join(' ') + ' b pr',
      Array.from({ length: Math.ceil(n / 3) }, () => 'e[a pr and b eq "x"]').join(' or '),
      Array.from({ length: Math.ceil(n / 2) }, () => 'not (a pr)').join(' and '),
      `${'a pr and '.repeat(n)})`,
      `${'('.repeat(Math.min(n, 32))}a pr${')'.repeat(Math.min(n, 32))}`,
    ];
    for (const text of shapes) {
      const { tokens, reads } = work(text);
      expect(reads).toBeLessThanOrEqual(bound(tokens));
    }
  });

  it('builds one comparison node per comparison written, reading every token', () => {
    for (const n of [1, 7, 64, 250]) {
      const text = Array.from({ length: n }, (_, i) => `a${i} eq ${i}`).join(' and ');
      const parser = new FilterParser(text, 'invalidFilter');
      expect(count(parser.filter())).toBe(n);
      expect(parser.tokens.length).toBe(4 * n - 1);
      expect(parser.reads).toBeLessThanOrEqual(bound(parser.tokens.length));
    }
  });

  it('keeps the bound over the fuzz corpora', () => {
    const r = prng(0x11ea);
    const corpus = [...Array.from({ length: 1000 }, () => randomText(r)), ...validFilters, ...validFilters.map((f) => mutate(r, f))];
    const measured = corpus.map(workIfLexed).filter((w) => w !== undefined);
    expect(measured.length).toBeGreaterThan(800);
    expect(measured.filter(({ tokens, reads }) => reads > bound(tokens))).toEqual([]);
  });
});
