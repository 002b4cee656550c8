import { comparisonReport, type Row as ComparisonRow } from '../support/comparison-report.ts';
import type { Phase } from './measure.ts';

/** A phase with slapd and ours summarized. */
export type Row = ComparisonRow<Phase, 'slapd'>;

/**
 * Ours against slapd, phase by phase: CPU per operation is the server's (ours is this process plus, after the +,
 * PostgreSQL's backends), closed loops are connections, and the count per operation is the entries that came back.
 */
export const { rowOf, printProgress, printTable } = comparisonReport<Phase, 'slapd'>({ reference: 'slapd', loops: { label: 'conn.', of: (p) => p.connections }, counted: 'entries' });
