import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processOutput } from '../../src/cli/context.js';

const SECRET = 'rk_live_processoutput_0123456789';

/** A stand-in for process.stdout that records what it was given. */
function recordingStream() {
  const chunks: string[] = [];
  let created = 0;
  const stream = { write: (b: Buffer) => void chunks.push(b.toString()), isTTY: false, columns: 132 } as unknown as NodeJS.WriteStream;
  return { open: () => (created++, stream), chunks, created: () => created };
}

describe('process output to a pipe or file', () => {
  it('writes to a file without creating the stream, masked, and says it is no terminal, 80 wide', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'revkeen-out-')), 'out.txt');
    const fd = openSync(path, 'w');
    const stream = recordingStream();
    const out = processOutput(fd, stream.open, new Set([SECRET]));
    out.write(`key ${SECRET}\n`);
    out.write('é and more\n');
    closeSync(fd);
    expect(readFileSync(path, 'utf8')).toBe('key rk_live_…6789\né and more\n');
    expect([out.isTTY, out.columns, stream.created()]).toEqual([false, 80, 0]);
  });

  it('after a short write, then EAGAIN, hands the rest to the stream, and every later write too, in order', () => {
    const stream = recordingStream();
    const direct: string[] = [];
    let calls = 0;
    const writeFd = (_fd: number, bytes: Buffer, offset: number) => {
      calls++;
      if (calls === 1) {
        direct.push(bytes.subarray(offset, offset + 3).toString());
        return 3;
      }
      throw Object.assign(new Error('EAGAIN: resource temporarily unavailable'), { code: 'EAGAIN' });
    };
    const out = processOutput(99, stream.open, new Set(), writeFd);
    out.write('abcdefgh');
    out.write('ij');
    expect(direct).toEqual(['abc']);
    expect(stream.chunks).toEqual(['defgh', 'ij']);
    expect(calls).toBe(2);
  });

  it('a descriptor that is not open (no stat) is no terminal either', () => {
    const stream = recordingStream();
    const out = processOutput(987654, stream.open, new Set());
    expect(out.isTTY).toBe(false);
    expect(stream.created()).toBe(0);
  });
});
