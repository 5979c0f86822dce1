import type { Command } from 'commander';
import { UsageError } from './errors.js';
import { parseRetries, parseTimeoutSeconds } from './input/numbers.js';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The options every command accepts, read once from commander. */
export interface Globals {
  profile?: string;
  baseUrl?: string;
  /** `-o FORMAT`; `--json` is `-o json`; a person's table by default. */
  output: OutputFormat;
  /** True for `-o json` (and `--json`): errors, too, are JSON then. */
  json: boolean;
  /** `--raw`: the API's body exactly as it came. */
  raw: boolean;
  color: boolean;
  input: boolean;
  verbose: boolean;
  timeoutMs: number;
  maxRetries: number;
}

export function readGlobals(command: Command, env: Record<string, string | undefined>): Globals {
  const o = command.optsWithGlobals();
  const output = parseOutput(o.output, o.json === true);
  return {
    profile: o.profile ?? (env.REVKEEN_PROFILE || undefined),
    baseUrl: o.baseUrl,
    output,
    json: output === 'json',
    raw: o.raw === true,
    color: o.color !== false,
    input: o.input !== false && !isTruthy(env.CI),
    verbose: o.verbose === true || isTruthy(env.REVKEEN_DEBUG),
    timeoutMs: parseTimeoutSeconds(String(o.timeout ?? '30')) * 1000,
    maxRetries: parseRetries(String(o.retries ?? '2')),
  };
}

export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

function parseOutput(value: unknown, json: boolean): OutputFormat {
  if (value === undefined) return json ? 'json' : 'table';
  const format = String(value).toLowerCase();
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`-o ${JSON.stringify(value)} is not an output format: use ${OUTPUT_FORMATS.join(', ')}`);
  }
  if (json && format !== 'json') throw new UsageError(`--json is -o json: choose one of --json and -o ${format}`);
  return format as OutputFormat;
}
