import path from 'node:path';

/**
 * A file name that does not exist yet: `name.ipynb`, else `name-2.ipynb`, `name-3.ipynb`, … An existing
 * notebook is never overwritten.
 * @param folder where the notebook goes
 * @param base the name without extension, e.g. `campaign-review`
 * @param exists whether a path exists
 * @returns the first free path
 * @example await freeNotebookPath('/ws', 'rfm', async (p) => p === '/ws/rfm.ipynb') // '/ws/rfm-2.ipynb'
 */
export async function freeNotebookPath(
  folder: string,
  base: string,
  exists: (file: string) => Promise<boolean>,
): Promise<string> {
  for (let n = 1; n < 10_000; n++) {
    const candidate = path.join(folder, n === 1 ? `${base}.ipynb` : `${base}-${n}.ipynb`);
    if (!(await exists(candidate))) return candidate;
  }
  throw new Error(`no free notebook name for ${base} in ${folder}`);
}

/**
 * A data path as the notebook should write it: relative to the notebook's folder, with `/` separators.
 * @example relativeDataPath('/ws/notebooks', '/ws/data/orders.csv') // '../data/orders.csv'
 */
export function relativeDataPath(notebookFolder: string, file: string): string {
  const rel = path.relative(notebookFolder, file).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}
