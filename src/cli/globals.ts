import type { Command } from 'commander';
import { parseRetries, parseTimeoutSeconds } from './input/numbers.js';

/** The options every command accepts, read once from commander. */
export interface Globals {
  profile?: string;
  baseUrl?: string;
  json: boolean;
  color: boolean;
  input: boolean;
  verbose: boolean;
  timeoutMs: number;
  maxRetries: number;
}

export function readGlobals(command: Command, env: Record<string, string | undefined>): Globals {
  const o = command.optsWithGlobals();
  return {
    profile: o.profile ?? (env.REVKEEN_PROFILE || undefined),
    baseUrl: o.baseUrl,
    json: o.json === true,
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
