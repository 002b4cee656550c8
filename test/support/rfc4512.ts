// A strict parser of RFC 4512 §4.1 schema descriptions: exact spacing (SP where the grammar has SP), keywords in the
// grammar's order and case, quoted descrs (keystrings), oids lists with `$`, noidlen, qdstring escapes, extensions last.

export type DescriptionKind = 'ldapSyntax' | 'matchingRule' | 'matchingRuleUse' | 'attributeType' | 'objectClass';

export interface Description {
  oid: string;
  names: string[];
  desc?: string;
  /** Keyword to value: oid lists as arrays, flags (SINGLE-VALUE, STRUCTURAL, …) as true, SYNTAX without its {len}. */
  fields: Map<string, string | string[] | true>;
}

export interface ParseOptions {
  /** Names accepted in NAME although they are not keystrings. */
  allowName?: (name: string) => boolean;
}

type Value = 'qdescrs' | 'qdstring' | 'flag' | 'oid' | 'oids' | 'noidlen' | 'numericoid' | 'usage';
interface Slot {
  keywords: string[];
  value: Value;
  required?: boolean;
}

const slot = (keyword: string, value: Value, required = false): Slot => ({ keywords: [keyword], value, required });
const HEAD = [slot('NAME', 'qdescrs'), slot('DESC', 'qdstring'), slot('OBSOLETE', 'flag')];

const GRAMMAR: Record<DescriptionKind, Slot[]> = {
  ldapSyntax: [slot('DESC', 'qdstring')],
  matchingRule: [...HEAD, slot('SYNTAX', 'numericoid', true)],
  matchingRuleUse: [...HEAD, slot('APPLIES', 'oids', true)],
  attributeType: [
    ...HEAD,
    slot('SUP', 'oid'),
    slot('EQUALITY', 'oid'),
    slot('ORDERING', 'oid'),
    slot('SUBSTR', 'oid'),
    slot('SYNTAX', 'noidlen'),
    slot('SINGLE-VALUE', 'flag'),
    slot('COLLECTIVE', 'flag'),
    slot('NO-USER-MODIFICATION', 'flag'),
    slot('USAGE', 'usage'),
  ],
  objectClass: [...HEAD, slot('SUP', 'oids'), { keywords: ['ABSTRACT', 'STRUCTURAL', 'AUXILIARY'], value: 'flag' }, slot('MUST', 'oids'), slot('MAY', 'oids')],
};

const KEYSTRING = /[A-Za-z][A-Za-z0-9-]*/y;
const NUMERICOID = /(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*))+/y;
const KEYWORD = /X-[A-Za-z_-]+|[A-Z][A-Z-]*/y;
const USAGES = ['userApplications', 'directoryOperation', 'distributedOperation', 'dSAOperation'];

class Reader {
  i = 0;
  readonly text: string;
  readonly options: ParseOptions;

  constructor(text: string, options: ParseOptions) {
    this.text = text;
    this.options = options;
  }

  fail(what: string): never {
    throw new Error(`${what} at ${this.i} in ${JSON.stringify(this.text)}`);
  }

  spaces(min: number): number {
    const start = this.i;
    while (this.text[this.i] === ' ') this.i++;
    if (this.i - start < min) this.fail('SP expected');
    return this.i - start;
  }

  char(c: string): void {
    if (this.text[this.i] !== c) this.fail(`"${c}" expected`);
    this.i++;
  }

  match(re: RegExp, what: string): string {
    re.lastIndex = this.i;
    const m = re.exec(this.text)?.[0];
    if (m === undefined) this.fail(`${what} expected`);
    this.i += m.length;
    return m;
  }

  // A descr, or a numericoid.
  oid(): string {
    return /\d/.test(this.text[this.i] ?? '') ? this.match(NUMERICOID, 'numericoid') : this.match(KEYSTRING, 'descr');
  }

  oids(): string[] {
    if (this.text[this.i] !== '(') return [this.oid()];
    this.char('(');
    this.spaces(0);
    const list = [this.oid()];
    for (;;) {
      this.spaces(0);
      if (this.text[this.i] !== '$') break;
      this.i++;
      this.spaces(0);
      list.push(this.oid());
    }
    this.char(')');
    return list;
  }

  qdescr(): string {
    this.char("'");
    const end = this.text.indexOf("'", this.i);
    if (end < 0) this.fail('closing quote expected');
    const name = this.text.slice(this.i, end);
    KEYSTRING.lastIndex = 0;
    const keystring = KEYSTRING.exec(name)?.[0] === name;
    if (!keystring && !this.options.allowName?.(name)) this.fail(`descr expected, not ${JSON.stringify(name)}`);
    this.i = end + 1;
    return name;
  }

  qdescrs(): string[] {
    if (this.text[this.i] !== '(') return [this.qdescr()];
    this.char('(');
    this.spaces(0);
    const names: string[] = [];
    while (this.text[this.i] === "'") {
      names.push(this.qdescr());
      if (this.spaces(0) === 0) break;
    }
    this.char(')');
    return names;
  }

  qdstring(): string {
    this.char("'");
    let out = '';
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) this.fail('closing quote expected');
      if (c === "'") break;
      if (c === '\\') {
        const escape = this.text.slice(this.i, this.i + 3);
        if (escape !== '\\27' && escape.toLowerCase() !== '\\5c') this.fail('\\27 or \\5C expected');
        out += escape === '\\27' ? "'" : '\\';
        this.i += 3;
      } else {
        out += c;
        this.i++;
      }
    }
    if (out === '') this.fail('empty qdstring');
    this.i++;
    return out;
  }

  qdstrings(): void {
    if (this.text[this.i] !== '(') {
      this.qdstring();
      return;
    }
    this.char('(');
    this.spaces(0);
    while (this.text[this.i] === "'") {
      this.qdstring();
      if (this.spaces(0) === 0) break;
    }
    this.char(')');
  }
}

/** Parses one description of the kind, throwing on anything outside the grammar. */
export function parseDescription(kind: DescriptionKind, text: string, options: ParseOptions = {}): Description {
  const r = new Reader(text, options);
  const slots = GRAMMAR[kind];
  const fields = new Map<string, string | string[] | true>();
  r.char('(');
  r.spaces(0);
  const oid = r.match(NUMERICOID, 'numericoid');
  let next = 0;
  let extensions = false;
  for (;;) {
    const gap = r.spaces(0);
    if (text[r.i] === ')') break;
    if (gap === 0) r.fail('SP expected');
    const keyword = r.match(KEYWORD, 'keyword');
    if (keyword.startsWith('X-')) {
      extensions = true;
      r.spaces(1);
      r.qdstrings();
      continue;
    }
    if (extensions) r.fail(`${keyword} after an extension`);
    const at = slots.findIndex((s, index) => index >= next && s.keywords.includes(keyword));
    if (at < 0) r.fail(`${keyword} is not a ${kind} keyword here`);
    next = at + 1;
    const s = slots[at];
    if (s.value === 'flag') {
      fields.set(keyword, true);
      continue;
    }
    r.spaces(1);
    fields.set(keyword, value(r, s.value));
  }
  r.char(')');
  if (r.i !== text.length) r.fail('end expected');
  for (const s of slots) if (s.required && !s.keywords.some((k) => fields.has(k))) r.fail(`${s.keywords[0]} missing`);
  if (kind === 'attributeType' && !fields.has('SUP') && !fields.has('SYNTAX')) r.fail('SUP or SYNTAX missing');
  const names = fields.get('NAME');
  const desc = fields.get('DESC');
  return { oid, names: Array.isArray(names) ? names : [], ...(typeof desc === 'string' ? { desc } : {}), fields };
}

function value(r: Reader, kind: Exclude<Value, 'flag'>): string | string[] {
  switch (kind) {
    case 'qdescrs':
      return r.qdescrs();
    case 'qdstring':
      return r.qdstring();
    case 'oid':
      return r.oid();
    case 'oids':
      return r.oids();
    case 'numericoid':
      return r.match(NUMERICOID, 'numericoid');
    case 'noidlen': {
      const oid = r.match(NUMERICOID, 'numericoid');
      if (r.text[r.i] === '{') r.match(/\{(?:0|[1-9]\d*)\}/y, '{len}');
      return oid;
    }
    case 'usage': {
      const usage = r.match(/[A-Za-z]+/y, 'usage');
      if (!USAGES.includes(usage)) r.fail(`unknown usage ${usage}`);
      return usage;
    }
  }
}
