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
