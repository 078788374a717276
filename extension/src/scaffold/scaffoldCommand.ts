import type { CanonicalTableName } from '@fupan/kernel-lib';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { ANALYSIS_KINDS, tableOfInput, type AnalysisKind } from './analysisKinds.js';
import { confirmColumnMapping } from '../mapping/columnMapping.js';
import { freeNotebookPath, relativeDataPath } from './notebookFiles.js';
import { readParameter, setParameters } from './parameterCell.js';
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
 * `Fupan: New Campaign Review Notebook` and `Fupan: New Analysis Notebook…`.
 * @param extensionUri the extension's root (templates are found from it)
 */
export function registerScaffoldCommands(extensionUri: vscode.Uri): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('fupan.newCampaignReview', () =>
      scaffold(extensionUri, ANALYSIS_KINDS[0]),
    ),
    vscode.commands.registerCommand('fupan.newAnalysisNotebook', async () => {
      const picked = await vscode.window.showQuickPick(
        ANALYSIS_KINDS.map((k) => ({ label: k.label, description: k.labelZh, analysis: k })),
        { title: vscode.l10n.t('New analysis notebook'), placeHolder: vscode.l10n.t('Which analysis?') },
      );
      if (picked) await scaffold(extensionUri, picked.analysis);
    }),
  ];
}

/**
 * Writes a new notebook from a template: asks for each data file (a workspace file or the template's
 * sample), confirms the column mapping, and for a campaign review the tiers and the coupon table; fills the
 * parameter cell, never overwrites a file, and opens the notebook.
 */
async function scaffold(extensionUri: vscode.Uri, kind: AnalysisKind): Promise<vscode.Uri | undefined> {
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
  const targetDir = path.dirname(target);
  const templateDir = path.dirname(template);

  const values: Record<string, unknown> = {};
  const data = readParameter(source, 'DATA') as Record<string, string> | undefined;
  if (data) {
    const columns = (readParameter(source, 'COLUMNS') ?? {}) as Record<string, Record<string, string>>;
    const files = await vscode.workspace.findFiles(DATA_GLOB, '**/{node_modules,.git}/**', 500);
    const keys = Object.keys(data);
    const newData: Record<string, string> = {};
    let ownData = false;
    for (const [i, key] of keys.entries()) {
      // The template's sample is offered only where it exists (the repository): an installed .vsix carries
      // no samples, and a path into the extensions folder would fail with ENOENT.
      const samplePath = path.resolve(templateDir, data[key]);
      const sample = {
        label: `$(package) ${vscode.l10n.t('Sample data')}`,
        description: data[key],
        file: '',
      };
      const picked = await vscode.window.showQuickPick(
        [
          ...(existsSync(samplePath) ? [sample] : []),
          ...files.map((f) => ({
            label: path.basename(f.fsPath),
            description: vscode.workspace.asRelativePath(f),
            file: f.fsPath,
          })),
        ],
        {
          title: vscode.l10n.t('Data for "{0}" ({1}/{2})', key, i + 1, keys.length),
          placeHolder: vscode.l10n.t('Pick a file of the workspace, or keep the sample'),
          ignoreFocusOut: true,
        },
      );
      if (!picked) return;
      if (!picked.file) {
        newData[key] = relativeDataPath(targetDir, path.resolve(templateDir, data[key]));
        continue;
      }
      newData[key] = relativeDataPath(targetDir, picked.file);
      ownData = true;
      const table = tableOfInput(key);
      if (table) {
        const mapping = await confirmColumnMapping(picked.file, table as CanonicalTableName);
        if (!mapping) return;
        columns[key] = mapping;
      }
    }
    values.DATA = newData;
    if (readParameter(source, 'COLUMNS') !== undefined) values.COLUMNS = columns;
    // The template's zone belongs to its sample (a Chinese shop's +08:00); the user's data gets a neutral one:
    // UTC, which timestamps with their own offset override anyway.
    if (ownData && readParameter(source, 'TIME_ZONE') !== undefined) values.TIME_ZONE = 'UTC';
  }
  if (kind.id === 'campaign' && !(await askTiersAndCoupons(source, values))) return;

  const filled = setParameters(source, values);
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

/** Tier bounds and the coupon table (满X返Y per tier), prefilled from the template. False when cancelled. */
async function askTiersAndCoupons(source: string, values: Record<string, unknown>): Promise<boolean> {
  const tiers = readParameter(source, 'TIERS') as { cuts?: number[]; labels?: string[] } | undefined;
  if (!tiers?.cuts) return true;
  const cutsText = await vscode.window.showInputBox({
    title: vscode.l10n.t('Tiers: lower bounds'),
    prompt: vscode.l10n.t('Lower bound of each tier, ascending, e.g. 0, 5000, 20000'),
    value: tiers.cuts.join(', '),
    ignoreFocusOut: true,
    validateInput: (text) => {
      const r = parseTierCuts(text);
      return 'error' in r ? r.error : undefined;
    },
  });
  if (cutsText === undefined) return false;
  const cuts = (parseTierCuts(cutsText) as { cuts: number[] }).cuts;
  const labels = tierLabels(cuts);
  values.TIERS = { ...tiers, cuts, labels };
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
  values.NEXT_PLAN = (parseCouponTable(planText, labels) as { rows: CouponRow[] }).rows;
  return true;
}

function join(source: string | string[]): string {
  return Array.isArray(source) ? source.join('') : source;
}

function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}
