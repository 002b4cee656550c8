import { badRequest, type ScimType } from '../scim-error.ts';

/** A token of a SCIM filter or PATCH path; `pos` and `end` are character offsets into the text (from 0). */
export type Token =
  | { kind: '(' | ')' | '[' | ']'; pos: number; end: number }
  /** A run of other characters: an attribute path, an operator, a keyword, a number, `true`, `false` or `null`. */
  | { kind: 'word'; text: string; pos: number; end: number }
  /** A JSON string literal, decoded. */
  | { kind: 'string'; value: string; pos: number; end: number };

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const HEX4 = /^[0-9A-Fa-f]{4}$/;

const isBlank = (c: number) => c === 0x20 || c === 0x09;
const isControl = (c: number) => c < 0x20 || c === 0x7f;
const isPunct = (ch: string) => ch === '(' || ch === ')' || ch === '[' || ch === ']';
const codePoint = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Splits a filter or path into tokens in one forward pass (every character is read once). Blanks are runs of
 * spaces and tabs; strings are JSON strings, except that a backslash that starts no JSON escape stands for itself
 * (clients send `"DOMAIN\user"` unescaped). Failures throw a 400 ScimError of `scimType`.
 */
export function tokenize(text: string, scimType: ScimType): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const ch = text[i];
    if (isBlank(c)) {
      i++;
    } else if (isControl(c)) {
      throw badRequest(scimType, `Unexpected control character ${codePoint(c)} at position ${i}.`);
    } else if (isPunct(ch)) {
      tokens.push({ kind: ch as '(' | ')' | '[' | ']', pos: i, end: i + 1 });
      i++;
    } else if (ch === '"') {
      const token = readString(text, i, scimType);
      tokens.push(token);
      i = token.end;
    } else {
      const start = i;
      while (i < text.length && isWordChar(text, i)) i++;
      tokens.push({ kind: 'word', text: text.slice(start, i), pos: start, end: i });
    }
  }
  return tokens;
}

function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return !isBlank(c) && !isControl(c) && !isPunct(text[i]) && text[i] !== '"';
}

function readString(text: string, start: number, scimType: ScimType): Token & { kind: 'string' } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    const c = text.charCodeAt(i);
    if (ch === '"') return { kind: 'string', value, pos: start, end: i + 1 };
    if (isControl(c)) throw badRequest(scimType, `Unescaped control character ${codePoint(c)} in the string at position ${i}.`);
    if (ch !== '\\') {
      value += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    const hex = next === 'u' ? text.slice(i + 2, i + 6) : '';
    if (next !== undefined && Object.hasOwn(ESCAPES, next)) {
      value += ESCAPES[next];
      i += 2;
    } else if (HEX4.test(hex)) {
      value += String.fromCharCode(parseInt(hex, 16));
      i += 6;
    } else {
      value += '\\';
      i++;
    }
  }
  throw badRequest(scimType, `Unterminated string starting at position ${start}.`);
}
