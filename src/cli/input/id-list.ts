import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { parseId } from './ids.js';

/**
 * Session IDs from arguments and from a file or stdin (`-`): one per line, blank lines and
 * `#` comments ignored, each ID once, in first-seen order. Every ID is checked before any is used.
 */
export async function collectIds(ctx: Pick<Context, 'stdin'>, args: string[], fromFile: string | undefined): Promise<string[]> {
  const seen = new Set<string>();
  for (const arg of args) seen.add(parseId(arg, 'Session ID'));
  if (fromFile !== undefined) {
    const label = fromFile === '-' ? 'stdin' : fromFile;
    let input: NodeJS.ReadableStream;
    if (fromFile === '-') {
      input = ctx.stdin;
    } else {
      const file = createReadStream(fromFile, { encoding: 'utf8' });
      await new Promise<void>((resolve, reject) => {
        file.once('open', () => resolve());
        file.once('error', (error: NodeJS.ErrnoException) =>
          reject(new UsageError(`--from-file ${fromFile}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)),
        );
      });
      input = file;
    }
    let lineNumber = 0;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNumber++;
      const text = line.replace(/#.*/, '').trim();
      if (text === '') continue;
      try {
        seen.add(parseId(text, 'Session ID'));
      } catch (error) {
        throw new UsageError(`Line ${lineNumber} of ${label}: ${(error as Error).message}`);
      }
    }
  }
  return [...seen];
}
