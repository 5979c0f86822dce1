import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  ApiError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  InvalidIdError,
  InvalidRequestError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../src/client/errors.js';
import { ConfigError } from '../../src/config/errors.js';
import { CliError, InterruptedError, UsageError } from '../../src/cli/errors.js';
import { renderErrorHuman, renderErrorJson, toErrorReport } from '../../src/cli/output/report-error.js';

describe('every failure has one exit code, decided from its type', () => {
  const cases: [string, unknown, number, string][] = [
    ['a usage error', new UsageError('bad flag'), 2, 'usage_error'],
    ['a local ID check', new InvalidIdError('Not a checkout session ID: "."'), 2, 'usage_error'],
    ['a server 404 whatever its code says', new NotFoundError('gone', { status: 404, code: 'invalid_id' }), 4, 'invalid_id'],
    ['a 404 without a code', new NotFoundError('gone', { status: 404 }), 4, 'resource_missing'],
    ['a 401', new AuthenticationError('no', { status: 401 }), 3, 'unauthenticated'],
    ['a 403', new PermissionDeniedError('no', { status: 403, code: 'forbidden' }), 3, 'forbidden'],
    ['a 409', new ConflictError('paid', { status: 409 }), 6, 'conflict'],
    ['an idempotency conflict', new ConflictError('reused', { status: 409, code: 'idempotency_conflict' }), 6, 'idempotency_conflict'],
    ['a timeout', new TimeoutError('slow'), 5, 'timeout'],
    ['a refused connection', new ConnectionError('refused', { code: 'ECONNREFUSED' }), 5, 'network_error'],
    ['a 503 after retries', new ServerError('down', { status: 503 }), 5, 'server_error'],
    ['a 429 after retries', new RateLimitError('slow down', { status: 429 }), 1, 'api_error'],
    ['a 422', new InvalidRequestError('bad', { status: 422, code: 'validation_error' }), 1, 'validation_error'],
    ['another API status', new ApiError('teapot', { status: 418 }), 1, 'api_error'],
    ['a reply that is not JSON', new InvalidResponseError('html', { status: 200 }), 1, 'api_error'],
    ['Ctrl-C', new InterruptedError('SIGINT'), 130, 'interrupted'],
    ['SIGTERM', new InterruptedError('SIGTERM'), 143, 'interrupted'],
    ['a request cancelled by Ctrl-C', new AbortedError('cancelled', { cause: new InterruptedError('SIGINT') }), 130, 'interrupted'],
    ['a request cancelled by SIGTERM', new AbortedError('cancelled', { cause: new InterruptedError('SIGTERM') }), 143, 'interrupted'],
    ['a corrupt config file', new ConfigError('file', 'broken'), 1, 'config_unreadable'],
    ['an unknown profile', new ConfigError('unknown_profile', 'who'), 3, 'unknown_profile'],
    ['no key', new ConfigError('no_key', 'none'), 3, 'missing_api_key'],
    ['an invalid base URL', new ConfigError('invalid', 'http'), 2, 'usage_error'],
    ['a batch with failures', new CliError('2 of 3 failed', 1, 'batch_failed'), 1, 'batch_failed'],
  ];
  for (const [what, error, exitCode, code] of cases) {
    it(`${what}: exit ${exitCode}, code ${code}`, () => {
      expect(toErrorReport(error)).toMatchObject({ exitCode, code });
    });
  }

  it('a bug is exit 1 and says so, naming the message', () => {
    expect(toErrorReport(new TypeError('x is undefined'))).toEqual({
      exitCode: 1,
      code: 'internal_error',
      message: 'Unexpected failure: x is undefined',
      hint: 'This is a bug in revkeen; run again with --verbose and report what it prints',
    });
  });
});

describe('how a failure is printed', () => {
  const report = toErrorReport(new NotFoundError('No such checkout session', { status: 404, requestId: 'req_9' }));

  it('for people: the message, the status and request ID, then a hint', () => {
    expect(renderErrorHuman(report)).toBe(
      'Error: No such checkout session (HTTP 404, request req_9)\nHint: Check the ID, and that the key is for the same account and mode that created the session\n',
    );
    expect(renderErrorHuman(toErrorReport(new UsageError('bad flag')))).toBe('Error: bad flag\n');
  });

  it('for scripts: one JSON object with nulls where nothing is known', () => {
    expect(JSON.parse(renderErrorJson(report))).toEqual({
      error: { code: 'resource_missing', message: 'No such checkout session', status: 404, requestId: 'req_9' },
    });
    expect(JSON.parse(renderErrorJson(toErrorReport(new UsageError('bad'))))).toEqual({
      error: { code: 'usage_error', message: 'bad', status: null, requestId: null },
    });
  });
});

describe('what each failure tells the user to do', () => {
  const api = { baseUrl: 'http://127.0.0.1:4010/v2', source: 'REVKEEN_BASE_URL' };
  it.each([
    [new AuthenticationError('no', { status: 401 }), 'Check REVKEEN_API_KEY: the key may be mistyped, revoked, or for the other mode (sandbox keys work on staging only)'],
    [new PermissionDeniedError('no', { status: 403 }), 'This key lacks the scope for checkout sessions (checkout:read / checkout:write)'],
    [new ConflictError('paid', { status: 409 }), 'Only open or pending sessions can be expired; `revkeen sessions get ID` shows its status'],
    [new ConflictError('reused', { status: 409, code: 'idempotency_conflict' }), 'That --idempotency-key was already used for a different request: use a new key'],
    [new ServerError('down', { status: 502, code: 'bad_gateway' }), 'RevKeen had a problem; try again shortly'],
  ])('%s', (error, hint) => {
    expect(toErrorReport(error, api).hint).toBe(hint);
  });

  it('network failures name the base URL and where it came from, when it is known', () => {
    expect(toErrorReport(new TimeoutError('slow'), api).hint).toBe('Raise --timeout, or check the network (the base URL http://127.0.0.1:4010/v2 came from REVKEEN_BASE_URL)');
    expect(toErrorReport(new TimeoutError('slow')).hint).toBe('Raise --timeout, or check the network');
    expect(toErrorReport(new ConnectionError('refused'), api).hint).toBe('The base URL http://127.0.0.1:4010/v2 came from REVKEEN_BASE_URL: check it, and the network');
    expect(toErrorReport(new ConnectionError('refused')).hint).toBe('Check the network and the base URL (--base-url, REVKEEN_BASE_URL)');
  });

  it('keeps what the API said: message, status, request ID; and the code it gave', () => {
    expect(toErrorReport(new ServerError('down', { status: 503, requestId: 'req_5' }))).toEqual({
      exitCode: 5,
      code: 'server_error',
      message: 'down',
      status: 503,
      requestId: 'req_5',
      hint: 'RevKeen had a problem; try again shortly',
    });
    expect(toErrorReport(new ApiError('teapot', { status: 418, code: 'teapot', requestId: 'req_t' }))).toEqual({ exitCode: 1, code: 'teapot', message: 'teapot', status: 418, requestId: 'req_t' });
    expect(toErrorReport(new ConfigError('no_key', 'none', 'log in'))).toEqual({ exitCode: 3, code: 'missing_api_key', message: 'none', hint: 'log in' });
    expect(toErrorReport(new CliError('2 of 3 failed', 1, 'batch_failed', 'see above'))).toEqual({ exitCode: 1, code: 'batch_failed', message: '2 of 3 failed', hint: 'see above' });
    expect(toErrorReport(new UsageError('bad', 'try this'))).toEqual({ exitCode: 2, code: 'usage_error', message: 'bad', hint: 'try this' });
    expect(toErrorReport(new InvalidIdError('Not an ID'))).toEqual({ exitCode: 2, code: 'usage_error', message: 'Not an ID' });
  });

  it('an interruption says which, and nothing else', () => {
    expect(toErrorReport(new InterruptedError('SIGTERM'))).toEqual({ exitCode: 143, code: 'interrupted', message: 'Terminated' });
    expect(toErrorReport(new AbortedError('cancelled'))).toEqual({ exitCode: 130, code: 'interrupted', message: 'Interrupted' });
    const promptExit = Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
    expect(toErrorReport(promptExit)).toEqual({ exitCode: 130, code: 'interrupted', message: 'Interrupted' });
    expect(toErrorReport(Object.assign(new Error('x'), { name: 'OtherError' })).code).toBe('internal_error');
  });

  it('a failure of the machine says which call, on what, and what to do', () => {
    const eacces = Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'open', path: '/home/a/.config/revkeen/config.json' });
    expect(toErrorReport(eacces)).toEqual({
      exitCode: 1,
      code: 'system_error',
      message: 'Could not open /home/a/.config/revkeen/config.json: permission denied',
      hint: 'Check the permissions of the file or folder, or point REVKEEN_CONFIG_DIR elsewhere',
    });
    const enospc = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', syscall: 'write' });
    expect(toErrorReport(enospc)).toMatchObject({ code: 'system_error', message: 'Could not write: the disk is full', hint: 'Free some space and try again' });
    // A code with no call named is not a system failure we can explain.
    expect(toErrorReport(Object.assign(new Error('odd'), { code: 'EACCES' })).code).toBe('internal_error');
    expect(toErrorReport(Object.assign(new Error('odd'), { code: 'EWHAT', syscall: 'open' })).code).toBe('internal_error');
    expect(toErrorReport('a string was thrown').message).toBe('Unexpected failure: a string was thrown');
  });

  it('prints only the facts it has, each made printable', () => {
    expect(renderErrorHuman({ exitCode: 1, code: 'x', message: 'm', status: 500 })).toBe('Error: m (HTTP 500)\n');
    expect(renderErrorHuman({ exitCode: 1, code: 'x', message: 'm', requestId: 'req_1' })).toBe('Error: m (request req_1)\n');
    expect(renderErrorHuman({ exitCode: 1, code: 'x', message: 'bad\x1b[31m red', requestId: 'req_\x07', hint: 'h\x1b]0;t\x07' })).toBe('Error: bad\uFFFD[31m red (request req_\uFFFD)\nHint: h\uFFFD]0;t\uFFFD\n');
  });
});

it('nothing at all thrown is still a bug report, not a crash of the reporter', () => {
  expect(toErrorReport(undefined)).toMatchObject({ code: 'internal_error', message: 'Unexpected failure: undefined' });
  expect(toErrorReport(null)).toMatchObject({ code: 'internal_error', message: 'Unexpected failure: null' });
});
