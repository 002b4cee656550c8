import { comparisonReport, type Row as ComparisonRow } from '../support/comparison-report.ts';
import type { Phase } from './measure.ts';

/** A phase with the reference and ours summarized. */
export type Row = ComparisonRow<Phase, 'reference'>;

/**
 * Ours against the reference, phase by phase: an operation is one request, or for the code flow the whole sign-in;
 * CPU per operation is this process's during the side's rounds (plus for ours, after the +, the database's
 * PostgreSQL backends); closed loops are clients, and the count per operation is the HTTP requests made.
 */
export const { rowOf, printProgress, printTable } = comparisonReport<Phase, 'reference'>({ reference: 'reference', loops: { label: 'clients', of: (p) => p.clients }, counted: 'HTTP requests' });
