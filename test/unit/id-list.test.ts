import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import { collectIds } from '../../src/cli/input/id-list.js';

const stdinOf = (text: string) => {
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  stdin.end(text);
  return { stdin };
};
const folder = () => mkdtempSync(join(tmpdir(), 'revkeen-ids-'));

async function refusal(promise: Promise<unknown>): Promise<UsageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

describe('collecting session IDs', () => {
  it('takes arguments first, then the file, each ID once in first-seen order, counting repeats', async () => {
    const file = join(folder(), 'stuck.txt');
    writeFileSync(file, '# ticket 1234\ncs_b\n\n   cs_c   # from the call\r\ncs_a\ncs_b\n#cs_d\n');
    expect(await collectIds(stdinOf(''), ['cs_a', 'cs_e', 'cs_a'], file)).toEqual({ ids: ['cs_a', 'cs_e', 'cs_b', 'cs_c'], duplicates: 3 });
  });

  it('reads stdin for -, and nothing at all without --from-file', async () => {
    expect(await collectIds(stdinOf('cs_1\ncs_2\ncs_1'), [], '-')).toEqual({ ids: ['cs_1', 'cs_2'], duplicates: 1 });
    expect(await collectIds(stdinOf('cs_1\n'), ['cs_9'], undefined)).toEqual({ ids: ['cs_9'], duplicates: 0 });
    expect(await collectIds(stdinOf(''), [], '-')).toEqual({ ids: [], duplicates: 0 });
  });

  it('names the line and the source of an ID that is not one, and uses none of the list', async () => {
    const file = join(folder(), 'bad.txt');
    writeFileSync(file, 'cs_1\n\ncs 2\n');
    const fromFile = await refusal(collectIds(stdinOf(''), [], file));
    expect(fromFile.message).toBe(`Line 3 of ${file}: Session ID "cs 2" is not an ID: use letters, digits, "_" and "-" only (e.g. cs_123 or a UUID)`);
    const fromStdin = await refusal(collectIds(stdinOf('cs_1\n../etc\n'), [], '-'));
    expect(fromStdin.message).toMatch(/^Line 2 of stdin: Session ID "\.\.\/etc" is not an ID/);
    const fromArgs = await refusal(collectIds(stdinOf(''), ['cs/1'], undefined));
    expect(fromArgs.message).toMatch(/^Session ID "cs\/1" is not an ID/);
  });

  it('says what is wrong with a file it cannot read, and what to do', async () => {
    const dir = folder();
    const missing = await refusal(collectIds(stdinOf(''), [], join(dir, 'nope.txt')));
    expect(missing.message).toBe(`--from-file ${join(dir, 'nope.txt')}: no such file or folder`);
    expect(missing.hint).toBe('Check the path');
    mkdirSync(join(dir, 'a-folder'));
    const folderGiven = await refusal(collectIds(stdinOf(''), [], join(dir, 'a-folder')));
    expect(folderGiven.message).toBe(`--from-file ${join(dir, 'a-folder')}: it is a folder, not a file`);
    expect(folderGiven.hint).toBe('Name a file');
  });

  it('reports a stream that fails mid-way as unreadable, not as a bug', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: false });
    stdin.write('cs_1\n');
    setImmediate(() => stdin.destroy(Object.assign(new Error('read EIO'), { code: 'EIO' })));
    const error = await refusal(collectIds({ stdin }, [], '-'));
    expect(error.message).toBe('--from-file -: read EIO');
  });
});
