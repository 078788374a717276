/**
 * The notebook templates (模板) the extension scaffolds, generated from one source each so they never drift:
 * `notebooks/templates/src/<name>.md`. In a source, every fenced ```ts block is a code cell (```ts parameters
 * is the parameter cell, tagged `parameters`), the text between blocks is a markdown cell, and a line
 * `<!-- cell <article>.ipynb#<cell id> -->` copies that cell of an article notebook, which must carry the tag
 * `template` (so whoever edits the article's cell sees that a template shares it).
 *
 * `npx tsx notebooks/runner/templates.ts` writes `notebooks/templates/<name>.ipynb` and the parameters page
 * `notebooks/templates/PARAMETERS.md` (see `parameters.ts`); `--check` writes nothing and exits 1 naming every
 * file that differs from what would be written (the template test runs it).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { joinText, splitLines, type NbCell, type Notebook } from './nbformat.js';
import { formatNotebook, readNotebook, writeFileAtomic } from './notebook-file.js';
import { parametersPage, templateParameters } from './parameters.js';

/** The notebooks folder (articles beside `templates/`). */
export const NOTEBOOKS_DIR = resolve(__dirname, '..');
const TEMPLATES_DIR = join(NOTEBOOKS_DIR, 'templates');
const SOURCES_DIR = join(TEMPLATES_DIR, 'src');

const METADATA = {
  kernelspec: { display_name: 'TypeScript (tslab)', language: 'typescript', name: 'tslab' },
  language_info: {
    codemirror_mode: { mode: 'typescript', name: 'javascript', typescript: true },
    file_extension: '.ts',
    mimetype: 'text/typescript',
    name: 'typescript',
    version: '3.7.2',
  },
};

/** A stable cell id from the template's name and the cell's position, so regenerating gives the same file. */
function cellId(template: string, index: number): string {
  return createHash('sha256').update(`${template}#${index}`).digest('hex').slice(0, 8);
}

/**
 * Builds one template notebook from its source text.
 * @param name the template's name (file name without `.ipynb`)
 * @param source the Markdown source
 * @param readArticle reads an article notebook by file name (relative to `notebooks/`)
 * @returns the notebook, without outputs
 * @throws Error naming the source line when a referenced cell is missing or not tagged `template`
 */
export function buildTemplate(
  name: string,
  source: string,
  readArticle: (file: string) => Notebook,
): Notebook {
  const cells: NbCell[] = [];
  let text: string[] = [];
  const flushText = () => {
    const body = text.join('\n').trim();
    if (body) cells.push({ cell_type: 'markdown', metadata: {}, source: body });
    text = [];
  };
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^```ts(?:\s+(parameters))?\s*$/.exec(line);
    const ref = /^<!--\s*cell\s+(\S+\.ipynb)#(\S+)\s*-->\s*$/.exec(line);
    if (fence) {
      flushText();
      const code: string[] = [];
      for (i++; i < lines.length && lines[i] !== '```'; i++) code.push(lines[i]);
      if (i >= lines.length) throw new Error(`${name}.md line ${i}: unclosed code block`);
      const metadata = fence[1] ? { tags: ['parameters'] } : {};
      cells.push({
        cell_type: 'code',
        metadata,
        source: code.join('\n'),
        execution_count: null,
        outputs: [],
      });
    } else if (ref) {
      flushText();
      const [, file, id] = ref;
      const article = readArticle(file);
      const cell = article.cells.find((c) => c.id === id);
      const tags = (cell?.metadata.tags as string[] | undefined) ?? [];
      if (!cell) throw new Error(`${name}.md line ${i + 1}: ${file} has no cell ${id}`);
      if (!tags.includes('template')) {
        throw new Error(`${name}.md line ${i + 1}: cell ${id} of ${file} is not tagged "template"`);
      }
      const body = joinText(cell.source);
      cells.push(
        cell.cell_type === 'code'
          ? { cell_type: 'code', metadata: {}, source: body, execution_count: null, outputs: [] }
          : { cell_type: cell.cell_type, metadata: {}, source: body },
      );
    } else {
      text.push(line);
    }
  }
  flushText();
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: METADATA,
    cells: cells.map((c, k) => ({ ...c, id: cellId(name, k), source: splitLines(joinText(c.source)) })),
  };
}

/** Every template source: name → path of its `.md`. */
export function templateSources(): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(SOURCES_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    out.set(basename(f, '.md'), join(SOURCES_DIR, f));
  }
  return out;
}

/** The parameters page's path. */
export const PARAMETERS_PAGE = join(TEMPLATES_DIR, 'PARAMETERS.md');

/** Each template as it would be written, then the parameters page: path → file text. */
export function generatedTemplates(): Map<string, string> {
  const articles = new Map<string, Notebook>();
  const readArticle = (file: string) => {
    if (!articles.has(file)) articles.set(file, readNotebook(join(NOTEBOOKS_DIR, file)));
    return articles.get(file)!;
  };
  const out = new Map<string, string>();
  const parameters = [];
  for (const [name, path] of templateSources()) {
    const source = readFileSync(path, 'utf8');
    const nb = buildTemplate(name, source, readArticle);
    out.set(join(TEMPLATES_DIR, `${name}.ipynb`), formatNotebook(nb));
    parameters.push(templateParameters(name, source));
  }
  out.set(PARAMETERS_PAGE, parametersPage(parameters));
  return out;
}

/** Templates (and the parameters page) whose committed file differs from (or lacks) what the generator writes. */
export function staleTemplates(): string[] {
  const stale: string[] = [];
  for (const [path, text] of generatedTemplates()) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(path);
  }
  return stale;
}

if (require.main === module) {
  if (process.argv.includes('--check')) {
    const stale = staleTemplates();
    for (const p of stale) console.log(`stale: ${p} (run npx tsx notebooks/runner/templates.ts)`);
    process.exit(stale.length ? 1 : 0);
  }
  for (const [path, text] of generatedTemplates()) {
    writeFileAtomic(path, text);
    console.log(`wrote ${path}`);
  }
}
