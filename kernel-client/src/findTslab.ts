import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Finds the tslab executable: the nearest `node_modules/.bin/tslab` from `cwd` upwards.
 * @returns its path, or undefined when there is none
 */
export function findTslab(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '.bin', 'tslab');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
