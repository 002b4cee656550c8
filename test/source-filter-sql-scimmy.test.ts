import { describe, expect, it } from 'vitest';
import type { CompareOp, DocumentFilter, ElementFilter } from '../plugins/sdk/source-filter.ts';
import { and, el, exact, field, not, or, path, pr, SCIMMY_USERS, some, SOURCE, useSourceFilterFixture, type Value } from './support/source-filter-fixture.ts';

const { users } = useSourceFilterFixture();

describe('source filter SQL: SCIMMY match vectors', () => {
  const [adele, grady, lynne, megan] = SCIMMY_USERS.map((u) => u.userName);
  const userName = field('name');
  const date = (op: CompareOp, value: string) => exact(op, path('date'), value, 'dateTime');
  const num = (op: CompareOp, value: Value) => exact(op, path('number'), value, 'number');
  const emails = (...filters: ElementFilter[]) => some('emails', filters.length === 1 ? filters[0] : { op: 'and', filters });
  // SCIMMY's matcher compares these strings case-sensitively, so the translations are caseExact.
  const cases: [string, DocumentFilter, string[]][] = [
    ['userName eq "AdeleV"', exact('eq', userName, 'AdeleV'), [adele]],
    ['userName ne "AdeleV"', exact('ne', userName, 'AdeleV'), [grady, lynne, megan]],
    ['userName co "A"', exact('co', userName, 'A'), [adele, grady]],
    ['userName sw "A"', exact('sw', userName, 'A'), [adele]],
    ['userName ew "A"', exact('ew', userName, 'A'), [grady]],
    ['userName pr', pr(userName), [adele, grady, lynne, megan]],
    ['not (userName pr)', not(pr(userName)), []],
    ['not (userName sw "A")', not(exact('sw', userName, 'A')), [grady, lynne, megan]],
    ['number gt 9', num('gt', 9), [lynne]],
    ['number ge 9', num('ge', 9), [lynne, megan]],
    ['number lt 6', num('lt', 6), [adele]],
    ['number le 6', num('le', 6), [adele, grady]],
    ['number eq 6', num('eq', 6), [grady]],
    ['number eq "6"', num('eq', '6'), []],
    ['number ne "6"', num('ne', '6'), [adele, grady, lynne, megan]],
    ['exists pr', pr(path('exists')), [adele, lynne]],
    ['not (exists pr)', not(pr(path('exists'))), [grady, megan]],
    ['exists eq null', exact('eq', path('exists'), null, 'boolean'), [grady, megan]],
    ['exists ne null', exact('ne', path('exists'), null, 'boolean'), [adele, lynne]],
    ['exists eq true', exact('eq', path('exists'), true, 'boolean'), [adele]],
    ['name.formatted co "a"', exact('co', path('name', 'formatted'), 'a'), [adele, grady, megan]],
    ['name.formatted ew "e"', exact('ew', path('name', 'formatted'), 'e'), [adele, grady]],
    ['emails[type eq "work"]', emails(el('eq', 'type', 'work', true)), [adele, lynne, megan]],
    ['emails[value ew "example.net"]', emails(el('ew', 'value', 'example.net', true)), [adele, megan]],
    ['emails[type eq "work" and value ew "example.net"]', emails(el('eq', 'type', 'work', true), el('ew', 'value', 'example.net', true)), [adele]],
    ['date gt "2021-08-05T12:00:00Z"', date('gt', '2021-08-05T12:00:00Z'), [grady, megan]],
    ['date ge "2021-09-08T23:02:28.986Z"', date('ge', '2021-09-08T23:02:28.986Z'), [grady, megan]],
    ['date le "2021-09-08T23:02:28.986Z"', date('le', '2021-09-08T23:02:28.986Z'), [adele, lynne, megan]],
    ['not (date le "2021-09-08T23:02:28.986Z")', not(date('le', '2021-09-08T23:02:28.986Z')), [grady]],
    ['date co "2021-09"', date('co', '2021-09'), [grady, megan]],
    ['not (date co "2021-09")', not(date('co', '2021-09')), [adele, lynne]],
    ['userName co "e" and userName ew "V"', and(exact('co', userName, 'e'), exact('ew', userName, 'V')), [adele]],
    ['number ge 6 and number le 9', and(num('ge', 6), num('le', 9)), [grady, megan]],
    ['name.formatted co "an" or userName co "ad"', or(exact('co', path('name', 'formatted'), 'an'), exact('co', userName, 'ad')), [adele, grady, megan]],
    ['date gt "2021-09-08T00:00:00Z" or userName co "a"', or(date('gt', '2021-09-08T00:00:00Z'), exact('co', userName, 'a')), [grady, megan]],
  ];

  it.each(cases)('%s matches as SCIMMY expects', async (_expression, filter, expected) => {
    expect(await users(filter, undefined, SOURCE.scimmy)).toEqual(expected);
  });
});
