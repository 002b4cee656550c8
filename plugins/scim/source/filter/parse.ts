import type { CompareOp } from '../../../sdk/index.ts';
import { badRequest, type ScimError } from '../scim-error.ts';
import type { AttrPath, CompValue, PatchPath, ScimFilter } from './ast.ts';
import { attrName, attrPathOf, isOperator, isKeyword, literalOf, type Fail, type Word } from './words.ts';
import { tokenize, type Token } from './lexer.ts';

/** The longest filter or path accepted, in characters. */
export const MAX_LENGTH = 4096;
/** The deepest nesting accepted: parentheses, `not` and brackets, counted together. */
export const MAX_DEPTH = 32;


/**
 * A recursive-descent parser of RFC 7644 filters (§3.4.2.2) and PATCH paths (§3.5.2) over one text's tokens:
 * `not` binds tighter than `and`, `and` tighter than `or`; keywords are case-insensitive. It reads tokens only
 * forwards and never backtracks; `reads` counts every token read, look-ahead included. Error details name positions
 * as character offsets from 0.
 */
export class FilterParser {
  /** Token reads so far (tests compare it with `tokens.length` to show the work is linear in the input). */
  reads = 0;
  readonly tokens: Token[];
  private readonly text: string;
  private readonly scimType: 'invalidFilter' | 'invalidPath';
  private readonly noun: 'filter' | 'path';
  private index = 0;
  private depth = 0;

  constructor(text: string, scimType: 'invalidFilter' | 'invalidPath') {
    this.text = text;
    this.scimType = scimType;
    this.noun = scimType === 'invalidFilter' ? 'filter' : 'path';
    if (text.length > MAX_LENGTH) throw this.fail(`The ${this.noun} is longer than ${MAX_LENGTH} characters.`);
    this.tokens = tokenize(text, scimType);
  }

  /** The whole text as a filter. */
  filter(): ScimFilter {
    if (this.tokens.length === 0) throw this.fail('The filter is empty.');
    const filter = this.or(false);
    const t = this.peek();
    if (t) throw this.unexpected(t, `Expected "and", "or" or the end of the filter at position ${t.pos}.`);
    return filter;
  }

  /** The whole text as a PATCH path: `attrPath`, or `attrPath[valFilter]` with an optional `.subAttr`. */
  path(): PatchPath {
    const t = this.peek();
    if (!t) throw this.fail('The path is empty.');
    if (t.kind !== 'word') throw this.fail(`Expected an attribute path at position ${t.pos}.`);
    this.next();
    const attr = attrPathOf(t.text, t.pos, this.fail);
    let path: PatchPath = { attr };
    if (this.peek()?.kind === '[') {
      const { filter, end } = this.bracket(t, attr, false);
      path = { attr, filter };
      const s = this.peek();
      if (s?.kind === 'word' && s.pos === end && s.text.startsWith('.')) {
        this.next();
        path.sub = attrName(s.text.slice(1), s.pos + 1, this.fail);
      }
    }
    const rest = this.peek();
    if (rest) throw this.unexpected(rest, `Expected the end of the path at position ${rest.pos}.`);
    return path;
  }

  private or(inBracket: boolean): ScimFilter {
    return this.chain('or', () => this.and(inBracket));
  }

  private and(inBracket: boolean): ScimFilter {
    return this.chain('and', () => this.unary(inBracket));
  }

  private chain(op: 'and' | 'or', operand: () => ScimFilter): ScimFilter {
    let left = operand();
    while (isKeyword(this.peek(), op)) {
      this.next();
      left = { op, left, right: operand() };
    }
    return left;
  }

  private unary(inBracket: boolean): ScimFilter {
    const t = this.peek();
    if (t?.kind === '(') return this.group(t, inBracket);
    if (isKeyword(t, 'not') && !isOperator(this.peek(1))) {
      this.next();
      const open = this.peek();
      if (open?.kind !== '(') throw this.fail(`Expected "(" after "not" at position ${open?.pos ?? this.text.length}.`);
      this.enter(t);
      const filter = this.group(open, inBracket);
      this.depth--;
      return { op: 'not', filter };
    }
    if (t?.kind === 'word') return this.attrExp(t, inBracket);
    throw this.fail(`Expected an attribute path, "(" or "not"${this.after()} at position ${t?.pos ?? this.text.length}.`);
  }

  private group(open: Token, inBracket: boolean): ScimFilter {
    this.next();
    return this.enclosed(open, inBracket).filter;
  }

  /** What follows an opening parenthesis or bracket, up to and including its closer. */
  private enclosed(open: Token, inBracket: boolean): { filter: ScimFilter; end: number } {
    this.enter(open);
    const filter = this.or(inBracket);
    const end = this.close(open).end;
    this.depth--;
    return { filter, end };
  }

  private attrExp(t: Word, inBracket: boolean): ScimFilter {
    this.next();
    const attr = attrPathOf(t.text, t.pos, this.fail);
    const o = this.peek();
    if (o?.kind === '[') {
      const { filter, end } = this.bracket(t, attr, inBracket);
      const s = this.peek();
      if (s?.kind === 'word' && s.pos === end && s.text.startsWith('.')) {
        throw this.fail(`A sub-attribute after "]" ("${s.text}" at position ${s.pos}) is only allowed in a PATCH path.`);
      }
      if (s?.kind === 'word' && isOperator(s)) throw this.fail(`"${t.text}[...]" is a complete filter and takes no operator ("${s.text}" at position ${s.pos}).`);
      return { op: 'valuePath', attr, filter };
    }
    if (o?.kind !== 'word') throw this.fail(`Expected an operator after "${t.text}" at position ${o?.pos ?? this.text.length}.`);
    if (!isOperator(o)) throw this.fail(`Unknown operator "${o.text}" at position ${o.pos}.`);
    this.next();
    const op = o.text.toLowerCase();
    return op === 'pr' ? { op: 'pr', attr } : { op: op as CompareOp, attr, value: this.value(o) };
  }

  private bracket(t: Word, attr: AttrPath, inBracket: boolean): { filter: ScimFilter; end: number } {
    const open = this.next();
    if (open.pos !== t.end) throw this.fail(`Unexpected blank before "[" at position ${t.end}.`);
    if (inBracket) throw this.fail(`Value filters cannot be nested: unexpected "[" at position ${open.pos}.`);
    if (attr.sub !== undefined) throw this.fail(`A value filter cannot follow the sub-attribute "${t.text}" at position ${open.pos}.`);
    return this.enclosed(open, true);
  }

  private value(op: Word): CompValue {
    const v = this.peek();
    if (v?.kind === 'string') {
      this.next();
      return v.value;
    }
    if (v?.kind !== 'word') throw this.fail(`Expected a value after "${op.text}" at position ${v?.pos ?? this.text.length}.`);
    this.next();
    return literalOf(v.text, v.pos, this.fail);
  }

  private close(open: Token): Token {
    const kind = open.kind === '(' ? ')' : ']';
    const t = this.peek();
    if (t?.kind === kind) return this.next();
    if (!t) throw this.fail(`Unbalanced ${open.kind === '(' ? 'parenthesis' : 'bracket'} at position ${open.pos}.`);
    throw this.unexpected(t, `Expected "and", "or" or "${kind}" at position ${t.pos}.`);
  }

  /** A closer nothing opened is unbalanced; any other token gets `detail`. */
  private unexpected(t: Token, detail: string): ScimError {
    if (t.kind === ')' || t.kind === ']') return this.fail(`Unbalanced ${t.kind === ')' ? 'parenthesis' : 'bracket'} at position ${t.pos}.`);
    return this.fail(detail);
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) throw this.fail(`The ${this.noun} nests deeper than ${MAX_DEPTH} levels at position ${t.pos}.`);
  }

  private after(): string {
    const prev = this.tokens[this.index - 1];
    return prev && prev.kind !== 'string' ? ` after "${prev.kind === 'word' ? prev.text : prev.kind}"` : '';
  }

  private peek(ahead = 0): Token | undefined {
    this.reads++;
    return this.tokens[this.index + ahead];
  }

  private next(): Token {
    this.reads++;
    return this.tokens[this.index++];
  }

  private readonly fail: Fail = (detail) => badRequest(this.scimType, detail);
}

/** Parses a SCIM filter (RFC 7644 §3.4.2.2); every failure is a 400 ScimError with scimType invalidFilter. */
export const parseFilter = (text: string): ScimFilter => new FilterParser(text, 'invalidFilter').filter();

/** Parses a PATCH operation's `path` (RFC 7644 §3.5.2); every failure is a 400 ScimError with scimType invalidPath. */
export const parsePath = (text: string): PatchPath => new FilterParser(text, 'invalidPath').path();
