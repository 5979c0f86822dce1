import {
  AbortedError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  InvalidIdError,
  NotFoundError,
  PermissionDeniedError,
  RevKeenError,
  ServerError,
  TimeoutError,
} from '../../client/errors.js';
import { ConfigError } from '../../config/errors.js';
import { CliError, ExitCode, InterruptedError, UsageError } from '../errors.js';
import { describeSystemError } from '../system-errors.js';
import { printable } from './printable.js';

export interface ErrorReport {
  exitCode: ExitCode;
  code: string;
  message: string;
  status?: number;
  requestId?: string;
  hint?: string;
}

/** Which API was being talked to, and where its base URL came from. */
export interface ApiOrigin {
  baseUrl: string;
  source: string;
}

/** Every failure, whatever threw it, becomes one report: the exit code is decided here only. */
export function toErrorReport(error: unknown, api?: ApiOrigin): ErrorReport {
  const checkBaseUrl = api ? `The base URL ${api.baseUrl} came from ${api.source}: check it, and the network` : undefined;
  if (error instanceof UsageError) {
    return { exitCode: ExitCode.usage, code: 'usage_error', message: error.message, hint: error.hint };
  }
  if (error instanceof ConfigError) {
    const exitCode = { file: ExitCode.failure, unknown_profile: ExitCode.auth, no_key: ExitCode.auth, invalid: ExitCode.usage }[error.kind];
    const code = { file: 'config_unreadable', unknown_profile: 'unknown_profile', no_key: 'missing_api_key', invalid: 'usage_error' }[error.kind];
    return { exitCode, code, message: error.message, hint: error.hint };
  }
  if (error instanceof CliError) {
    return { exitCode: error.exitCode, code: error.code, message: error.message, hint: error.hint };
  }
  const interruption = error instanceof AbortedError ? error.cause : error;
  if (interruption instanceof InterruptedError) {
    const terminated = interruption.signal === 'SIGTERM';
    return { exitCode: terminated ? ExitCode.terminated : ExitCode.interrupted, code: 'interrupted', message: interruption.message };
  }
  if (error instanceof AbortedError || isPromptExit(error)) {
    return { exitCode: ExitCode.interrupted, code: 'interrupted', message: 'Interrupted' };
  }
  if (error instanceof InvalidIdError) return { exitCode: ExitCode.usage, code: 'usage_error', message: error.message };
  if (error instanceof RevKeenError) {
    const base = { message: error.message, status: error.status, requestId: error.requestId };
    if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
      const hint =
        error instanceof AuthenticationError
          ? 'Check REVKEEN_API_KEY: the key may be mistyped, revoked, or for the other mode (sandbox keys work on staging only)'
          : 'This key lacks the scope for checkout sessions (checkout:read / checkout:write)';
      return { ...base, exitCode: ExitCode.auth, code: error.code ?? 'unauthenticated', hint };
    }
    if (error instanceof NotFoundError) {
      return {
        ...base,
        exitCode: ExitCode.notFound,
        code: error.code ?? 'resource_missing',
        hint: 'Check the ID, and that the key is for the same account and mode that created the session',
      };
    }
    if (error instanceof ConflictError) {
      const hint =
        error.code === 'idempotency_conflict'
          ? 'That --idempotency-key was already used for a different request: use a new key'
          : 'Only open or pending sessions can be expired; `revkeen sessions get ID` shows its status';
      return { ...base, exitCode: ExitCode.conflict, code: error.code ?? 'conflict', hint };
    }
    if (error instanceof TimeoutError) {
      return { ...base, exitCode: ExitCode.network, code: 'timeout', hint: `Raise --timeout, or check the network${api ? ` (the base URL ${api.baseUrl} came from ${api.source})` : ''}` };
    }
    if (error instanceof ConnectionError) {
      return {
        ...base,
        exitCode: ExitCode.network,
        code: 'network_error',
        hint: checkBaseUrl ?? 'Check the network and the base URL (--base-url, REVKEEN_BASE_URL)',
      };
    }
    if (error instanceof ServerError) {
      return { ...base, exitCode: ExitCode.network, code: error.code ?? 'server_error', hint: 'RevKeen had a problem; try again shortly' };
    }
    return { ...base, exitCode: ExitCode.failure, code: error.code ?? 'api_error' };
  }
  const system = systemProblem(error);
  if (system) return system;
  const message = error instanceof Error ? error.message : String(error);
  return {
    exitCode: ExitCode.failure,
    code: 'internal_error',
    message: `Unexpected failure: ${message}`,
    hint: 'This is a bug in revkeen; run again with --verbose and report what it prints',
  };
}

/** For people: messages may quote a server, so each part is made printable. */
export function renderErrorHuman(report: ErrorReport): string {
  const facts = [report.status ? `HTTP ${report.status}` : '', report.requestId ? `request ${report.requestId}` : '']
    .filter(Boolean)
    .join(', ');
  let text = `Error: ${printable(report.message)}${facts ? ` (${printable(facts)})` : ''}\n`;
  if (report.hint) text += `Hint: ${printable(report.hint)}\n`;
  return text;
}

export function renderErrorJson(report: ErrorReport): string {
  const error = { code: report.code, message: report.message, status: report.status ?? null, requestId: report.requestId ?? null };
  return `${JSON.stringify({ error })}\n`;
}

/** A failure of the machine (a file, a folder, the disk), not of revkeen: said plainly, with a next step. */
function systemProblem(error: unknown): ErrorReport | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  const known = typeof e?.syscall === 'string' ? describeSystemError(e) : undefined;
  if (!known) return undefined;
  const [what, hint] = known;
  return { exitCode: ExitCode.failure, code: 'system_error', message: `Could not ${e!.syscall}${e!.path ? ` ${e!.path}` : ''}: ${what}`, hint };
}

/** @inquirer/prompts rejects with ExitPromptError on Ctrl-C. */
function isPromptExit(error: unknown): boolean {
  return error instanceof Error && error.name === 'ExitPromptError';
}
