import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { confirmColumnMapping, readHeaders } from '../mapping/columnMapping.js';
import { headOf } from '../preview/loadProblem.js';
import { guessLoadChoices } from '../preview/previewLoad.js';
import { activeDataFile } from '../shared/activeDataFile.js';
import { ANALYSIS_KINDS, type AnalysisKind } from './analysisKinds.js';
import { columnSample, zoneOfTimestamps } from './dataZone.js';
import { hasRowsWithoutUser } from './missingUsers.js';
import { freeNotebookPath } from './notebookFiles.js';
import { readParameter, setParameters } from './parameterCell.js';
import { parameterValues, type ScaffoldAnswers } from './scaffoldAnswers.js';
import { inputForFile, templateInputs } from './templateInputs.js';
import { formatCouponTable, parseCouponTable, parseTierCuts, tierLabels, type CouponRow } from './tiers.js';

interface NotebookJson {
  cells: {
    cell_type: string;
    source: string | string[];
    outputs?: unknown[];
    execution_count?: number | null;
  }[];
}

const DATA_GLOB = '**/*.{csv,tsv,csv.gz,parquet,json,ndjson,jsonl}';

/** The template's file: in the repository next to the extension (development), else the copy in the .vsix. */
function findTemplate(extensionUri: vscode.Uri, kind: AnalysisKind): string | undefined {
  const root = extensionUri.fsPath;
  const candidates = [
    path.join(root, '..', 'notebooks', 'templates', kind.template),
    path.join(root, 'templates', kind.template),
    ...(kind.fallback
      ? [path.join(root, '..', 'notebooks', kind.fallback), path.join(root, 'templates', kind.fallback)]
      : []),
  ];
  return candidates.find((c) => existsSync(c));
}

/**
 * `Fupan: New Campaign Review Notebook` and `Fupan: New Analysis Notebook…`, from the palette (the active data
 * tab, else a picked file) or the explorer's context menu on a data file.
 * @param extensionUri the extension's root (templates are found from it)
 */
export function registerScaffoldCommands(extensionUri: vscode.Uri): vscode.Disposable[] {
  const given = (clicked: unknown) => (clicked instanceof vscode.Uri ? clicked : undefined);
  return [
    vscode.commands.registerCommand('fupan.newCampaignReview', (clicked?: unknown) =>
      scaffold(extensionUri, ANALYSIS_KINDS[0], given(clicked)),
    ),
    vscode.commands.registerCommand('fupan.newAnalysisNotebook', async (clicked?: unknown) => {
      const picked = await vscode.window.showQuickPick(
        ANALYSIS_KINDS.map((k) => ({ label: k.label, description: k.labelZh, analysis: k })),
        { title: vscode.l10n.t('New analysis notebook'), placeHolder: vscode.l10n.t('Which analysis?') },
      );
      if (picked) await scaffold(extensionUri, picked.analysis, given(clicked));
    }),
  ];
}

/** A row of the data-file quick pick: a file, "Browse…" or "Skip". */
interface FileItem extends vscode.QuickPickItem {
  file?: string;
  browse?: boolean;
  skip?: boolean;
}

/**
 * Writes a new notebook from a template, starting from the user's file (the clicked file, the active data
 * tab, else one picked): that file fills the input it fits, then only the template's other inputs are asked
 * for, each explained, the optional ones with "Skip"; each file's column mapping is confirmed; the zone is the
 * data's own offset, else asked with UTC preselected; a campaign review's tiers are the template's neutral rule
 * unless the user types some. Fills the parameter cell, never overwrites a file, and opens the notebook.
 */
async function scaffold(
  extensionUri: vscode.Uri,
  kind: AnalysisKind,
  clicked?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const workspace = vscode.workspace.workspaceFolders?.[0];
  if (!workspace) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Open a folder first: the notebook is written into it.'),
    );
    return;
  }
  const template = findTemplate(extensionUri, kind);
  if (!template) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('The notebook template {0} is not available.', kind.template),
    );
    return;
  }
  const notebook = JSON.parse(await readFile(template, 'utf8')) as NotebookJson;
  const cellIndex = notebook.cells.findIndex((c) => c.cell_type === 'code');
  const source = join(notebook.cells[cellIndex].source);
  const target = await freeNotebookPath(workspace.uri.fsPath, kind.fileBase, async (p) => existsSync(p));
  const inputs = templateInputs(source);
  const loadOptions: Record<string, Record<string, unknown>> = {};
  const answers: ScaffoldAnswers = { files: {}, columns: {}, loadOptions, timeZone: 'UTC' };

  if (inputs.length > 0) {
    const workspaceFiles = (
      await vscode.workspace.findFiles(DATA_GLOB, '**/{node_modules,.git}/**', 500)
    ).map((f) => f.fsPath);
    const first =
      clicked?.fsPath ??
      activeDataFile()?.fsPath ??
      (await pickFile(workspaceFiles, {
        title: vscode.l10n.t('{0}: your data file', kind.label),
        placeHolder: vscode.l10n.t('The file the analysis starts from (orders or events export)'),
      }));
    if (!first) return;
    const firstKey = inputForFile(inputs, await readHeaders(first).catch(() => []))!;
    const ordered = [inputs.find((i) => i.key === firstKey)!, ...inputs.filter((i) => i.key !== firstKey)];
    for (const [i, input] of ordered.entries()) {
      const file =
        i === 0
          ? first
          : await pickFile(
              workspaceFiles,
              {
                title: vscode.l10n.t('Data for "{0}" ({1}/{2})', input.key, i + 1, ordered.length),
                placeHolder: input.explanation,
              },
              input.optional,
            );
      if (file === undefined) return;
      answers.files[input.key] = file;
      if (file === null || !input.table) continue;
      const mapping = await confirmColumnMapping(file, input.table);
      if (!mapping) return;
      answers.columns[input.key] = mapping;
      const headers = await readHeaders(file).catch(() => []);
      const derived =
        input.table === 'orders' && !mapping.amount ? guessLoadChoices(headers)?.amount : undefined;
      const blanks = await hasRowsWithoutUser({
        file,
        table: input.table,
        mapping,
        ...(derived ? { amount: derived } : {}),
        delimiter: delimiterOf(file),
      });
      if (derived || blanks) {
        loadOptions[input.key] = {
          ...(derived ? { amount: derived } : {}),
          ...(blanks ? { missingUsers: 'drop' } : {}),
        };
      }
    }
    const zone = await timeZoneOf(first, answers.columns[firstKey] ?? {});
    if (zone === undefined) return;
    answers.timeZone = zone;
  }
  if (kind.id === 'campaign' && !(await askTiersAndCoupons(source, answers))) return;

  const filled = setParameters(source, parameterValues(source, path.dirname(target), answers));
  notebook.cells[cellIndex].source = splitLines(filled.source);
  for (const cell of notebook.cells) {
    if (cell.cell_type !== 'code') continue;
    cell.outputs = [];
    cell.execution_count = null;
  }
  const uri = vscode.Uri.file(target);
  // freeNotebookPath picked a name that does not exist: nothing is overwritten.
  await vscode.workspace.fs.writeFile(
    uri,
    new TextEncoder().encode(JSON.stringify(notebook, null, 1) + '\n'),
  );
  const document = await vscode.workspace.openNotebookDocument(uri);
  await vscode.window.showNotebookDocument(document);
  return uri;
}

/**
 * Asks for a data file: the workspace's data files, "Browse…" for one elsewhere, and for an optional input
 * "Skip" first.
 * @returns the file's path, null when skipped, undefined when cancelled
 */
async function pickFile(
  files: readonly string[],
  options: { title: string; placeHolder: string },
  optional = false,
): Promise<string | null | undefined> {
  const items: FileItem[] = [
    ...(optional
      ? [{ label: `$(circle-slash) ${vscode.l10n.t('Skip (optional)')}`, skip: true, alwaysShow: true }]
      : []),
    ...files.map((f) => ({
      label: path.basename(f),
      description: vscode.workspace.asRelativePath(f),
      file: f,
    })),
    { label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, browse: true, alwaysShow: true },
  ];
  const picked = await vscode.window.showQuickPick(items, { ...options, ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.skip) return null;
  if (picked.file) return picked.file;
  const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, title: options.title });
  return chosen?.[0]?.fsPath;
}

/**
 * The zone of the notebook's local days: the offset the file's own timestamps carry, else the user's pick
 * (UTC first and preselected, this machine's zone, or another IANA name).
 * @returns the zone, or undefined when cancelled
 */
async function timeZoneOf(file: string, mapping: Record<string, string>): Promise<string | undefined> {
  const header = mapping.ts ?? mapping.registeredAt;
  const own = header
    ? zoneOfTimestamps(
        columnSample(await headOf(file).catch(() => new Uint8Array()), header, delimiterOf(file)),
      )
    : undefined;
  if (own) return own;
  const machine = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const items: (vscode.QuickPickItem & { zone?: string })[] = [
    {
      label: 'UTC',
      description: vscode.l10n.t('timestamps as written, days from midnight UTC'),
      zone: 'UTC',
    },
    ...(machine && machine !== 'UTC' && machine !== 'Etc/UTC'
      ? [{ label: machine, description: vscode.l10n.t('the zone of this computer'), zone: machine }]
      : []),
    { label: vscode.l10n.t('Other zone…') },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Time zone of {0}', path.basename(file)),
    placeHolder: vscode.l10n.t('Its timestamps carry no UTC offset: in which zone were they written?'),
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.zone) return picked.zone;
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Time zone of {0}', path.basename(file)),
    prompt: vscode.l10n.t('An IANA zone such as Europe/London, or an offset such as +08:00'),
    value: 'UTC',
    ignoreFocusOut: true,
    validateInput: (text) => (isZone(text) ? undefined : vscode.l10n.t('not a time zone: {0}', text)),
  });
}

function isZone(text: string): boolean {
  if (/^(UTC|GMT|Z|[+-]\d{2}:?\d{2})$/.test(text)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: text });
    return true;
  } catch {
    return false;
  }
}

function delimiterOf(file: string): string {
  return /\.tsv(\.gz)?$/i.test(file) ? '\t' : ',';
}

/**
 * A campaign review's tiers (分层) and coupon table: the template's own rule unless the user types bounds.
 * Where the template's rule is fixed bounds (an article's), they are offered but never preselected: "Type
 * tier bounds…" comes first. False when cancelled.
 */
async function askTiersAndCoupons(source: string, answers: ScaffoldAnswers): Promise<boolean> {
  const tiers = readParameter(source, 'TIERS') as { cuts?: unknown } | undefined;
  if (!tiers) return true;
  // `cuts: []` (or none) is the template's data rule (its own quantiles); bounds are an article's tiers.
  const fixed =
    Array.isArray(tiers.cuts) && tiers.cuts.length > 0 && tiers.cuts.every((c) => typeof c === 'number');
  const type = { label: vscode.l10n.t('Type tier bounds…'), type: true };
  const keep = {
    label: fixed
      ? vscode.l10n.t('Tiers of the template: {0}', tierLabels(tiers.cuts as number[]).join(' | '))
      : vscode.l10n.t('From the data (the template computes them)'),
    type: false,
  };
  const picked = await vscode.window.showQuickPick(fixed ? [type, keep] : [keep, type], {
    title: vscode.l10n.t('Tiers'),
    placeHolder: vscode.l10n.t('How customers are split into tiers for the review'),
    ignoreFocusOut: true,
  });
  if (!picked) return false;
  if (!picked.type) return true;
  const cutsText = await vscode.window.showInputBox({
    title: vscode.l10n.t('Tiers: lower bounds'),
    prompt: vscode.l10n.t('Lower bound of each tier, ascending, e.g. 0, 5000, 20000'),
    ignoreFocusOut: true,
    validateInput: (text) => {
      const r = parseTierCuts(text);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (cutsText === undefined) return false;
  const cuts = (parseTierCuts(cutsText) as { cuts: number[] }).cuts;
  answers.tierCuts = cuts;
  const labels = tierLabels(cuts);
  const plan = readParameter(source, 'NEXT_PLAN') as CouponRow[] | undefined;
  if (!plan) return true;
  const planText = await vscode.window.showInputBox({
    title: vscode.l10n.t('Coupon table'),
    prompt: vscode.l10n.t(
      'threshold:reward pairs per tier, tiers separated by "|" ({0})',
      labels.join(' | '),
    ),
    value: formatCouponTable(labels, plan),
    ignoreFocusOut: true,
    validateInput: (text) => {
      const r = parseCouponTable(text, labels);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (planText === undefined) return false;
  answers.plan = (parseCouponTable(planText, labels) as { rows: CouponRow[] }).rows;
  return true;
}

function join(source: string | string[]): string {
  return Array.isArray(source) ? source.join('') : source;
}

function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}
