import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  ConflictError,
  InvalidRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RevKeenError,
  ServerError,
  errorFromResponse,
  parseErrorBody,
} from '../../src/client/errors.js';

describe('the three error shapes the API uses', () => {
  it.each([
    [{ error: 'Session already completed', code: 'session_completed' }, { message: 'Session already completed', code: 'session_completed' }],
    [{ error: 'Session already completed' }, { message: 'Session already completed', code: undefined }],
    [
      { error: { type: 'invalid_request_error', code: 'parameter_invalid', message: 'bad amount', param: 'amountMinor', details: { min: 1 } } },
      { code: 'parameter_invalid', message: 'bad amount', param: 'amountMinor', details: { min: 1 } },
    ],
    [{ error: { type: 'invalid_request_error', message: 'bad' } }, { code: 'invalid_request_error', message: 'bad', param: undefined, details: undefined }],
    [{ error: { code: '', type: '', message: '', param: '' } }, { code: undefined, message: undefined, param: undefined, details: undefined }],
    [{ error: { code: 7, message: ['x'] } }, { code: undefined, message: undefined, param: undefined, details: undefined }],
    [{ message: 'Forbidden', code: 'forbidden' }, { message: 'Forbidden', code: 'forbidden' }],
    [{ message: '', code: '' }, { message: undefined, code: undefined }],
    [{ error: null, message: 'top' }, { message: 'top', code: undefined }],
    [null, {}],
    ['a string body', {}],
    [42, {}],
  ])('%j reads as %j', (body, expected) => {
    expect(parseErrorBody(body)).toEqual(expected);
  });
});

describe('an error status becomes its own error', () => {
  it.each([
    [400, InvalidRequestError, 'The request was invalid'],
    [401, AuthenticationError, 'The API key was missing, malformed or revoked'],
    [403, PermissionDeniedError, 'The API key is not allowed to do this'],
    [404, NotFoundError, 'No such checkout session'],
    [409, ConflictError, 'The request conflicts with the session’s current state'],
    [422, InvalidRequestError, 'The request failed validation'],
    [429, RateLimitError, 'Too many requests'],
    [500, ServerError, 'The API had a server error'],
    [503, ServerError, 'The API had a server error'],
    [499, ApiError, 'The API refused the request'],
    [418, ApiError, 'The API refused the request'],
  ])('%d: %s, "%s" when the body says nothing', (status, Kind, message) => {
    const error = errorFromResponse(status, {}, 'req_1');
    expect(error.constructor).toBe(Kind);
    expect([error.message, error.status, error.requestId, error.name]).toEqual([message, status, 'req_1', Kind.name]);
  });

  it('the body’s words win; without them, what the server sent is named', () => {
    expect(errorFromResponse(404, { error: 'gone' }, undefined).message).toBe('gone');
    expect(errorFromResponse(502, undefined, undefined, 'an HTML page').message).toBe('The API had a server error; it sent an HTML page');
    expect(errorFromResponse(429, undefined, undefined, undefined, 2000).retryAfterMs).toBe(2000);
  });

  it('keeps a cause only when there is one', () => {
    expect('cause' in new RevKeenError('x')).toBe(false);
    expect(new RevKeenError('x', { cause: 'why' }).cause).toBe('why');
  });
});
