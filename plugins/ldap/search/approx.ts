/** approxMatch on string attributes. */

// Values match when, case folded and stripped of diacritics and of all but letters and digits, they are equal, or when
// their words have the same Soundex codes (words not of a–z alone, such as numbers, must be equal).
import { prepare } from '../schema/string-prep.ts';
import { FALSE, TRUE, type ValueTest } from './tri.ts';

const CODES: Readonly<Record<string, string>> = {
  b: '1', f: '1', p: '1', v: '1',
  c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3',
  l: '4',
  m: '5', n: '5',
  r: '6',
};

function soundex(word: string): string {
  if (!/^[a-z]+$/.test(word)) return word;
  let code = word[0].toUpperCase();
  let last = CODES[word[0]] ?? '';
  for (const c of word.slice(1)) {
    const digit = CODES[c];
    if (digit === undefined) {
      if (c !== 'h' && c !== 'w') last = '';
      continue;
    }
    if (digit !== last) code += digit;
    last = digit;
    if (code.length === 4) break;
  }
  return code.padEnd(4, '0');
}

function words(value: string): string[] {
  const folded = prepare(value, true).normalize('NFKD').replace(/\p{M}/gu, '');
  return folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/** The approximate-match test of an assertion value. */
export function approxTest(assertion: string): ValueTest {
  const w = words(assertion);
  const joined = w.join('');
  const phonetic = w.map(soundex).join(' ');
  return (value) => {
    const v = words(value);
    return v.join('') === joined || v.map(soundex).join(' ') === phonetic ? TRUE : FALSE;
  };
}
