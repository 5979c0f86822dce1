import type { OutputFormat } from '../globals.js';
import { SESSION_FIELDS, type PublicResult, type PublicSession } from './public-schema.js';

/** A value as one CSV cell (RFC 4180): quoted when it holds a quote, comma or line break. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join(' ') : String(value);
  // A spreadsheet runs a cell that starts like a formula; server text must never be run.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Sessions as CSV: a header row, then one row a session, every field of the schema. */
export const SESSION_COLUMNS = [...SESSION_FIELDS, 'requestId'] as const;
/** Results as CSV: the result's own fields, then its session's, flattened (`session.status`, …). */
export const RESULT_COLUMNS = ['index', 'id', 'ok', 'outcome', 'message', 'requestId', ...SESSION_FIELDS.filter((f) => f !== 'id').map((f) => `session.${f}`)];

export function resultCsvRow(r: PublicResult): string {
  const session = (r.session ?? {}) as Record<string, unknown>;
  return csvRow([r.index, r.id, r.ok, r.outcome, r.message, r.requestId, ...SESSION_FIELDS.filter((f) => f !== 'id').map((f) => session[f])]);
}

type Yaml = typeof import('yaml');
let yamlModule: Yaml | undefined;
/** The YAML library loads only for -o yaml. */
export async function loadYaml(): Promise<Yaml> {
  return (yamlModule ??= await import('yaml'));
}

/** One document in the chosen machine format (json, yaml, csv); the table is each command's own. */
export async function renderDocument(format: Exclude<OutputFormat, 'table'>, value: PublicSession | PublicSession[]): Promise<string> {
  if (format === 'json') return `${JSON.stringify(value, null, 2)}\n`;
  if (format === 'yaml') return (await loadYaml()).stringify(value);
  const rows = Array.isArray(value) ? value : [value];
  return csvRow([...SESSION_COLUMNS]) + rows.map((s) => csvRow(SESSION_COLUMNS.map((c) => s[c]))).join('');
}

/**
 * Writes a batch's results as they finish, in the chosen format, so ten thousand are never held
 * at once; `end()` closes the document so that it is complete and valid however the batch ended.
 */
export async function createResultStream(format: Exclude<OutputFormat, 'table'>, write: (text: string) => void) {
  const yaml = format === 'yaml' ? await loadYaml() : undefined;
  let first = true;
  if (format === 'json') write('[');
  if (format === 'csv') write(csvRow(RESULT_COLUMNS));
  return {
    add(r: PublicResult) {
      if (format === 'json') write(`${first ? '\n' : ',\n'}  ${JSON.stringify(r)}`);
      else if (format === 'csv') write(resultCsvRow(r));
      else write((yaml as Yaml).stringify([r]));
      first = false;
    },
    end() {
      if (format === 'json') write(first ? ']\n' : '\n]\n');
      else if (format === 'yaml' && first) write('[]\n');
    },
  };
}
