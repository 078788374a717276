import { CANONICAL_SCHEMAS, guessMapping, type CanonicalTableName } from '@fupan/kernel-lib';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import { guessLoadChoices } from '../preview/previewLoad.js';
import { camelOf as camel } from './canonicalNames.js';

/**
 * The header row of a CSV / TSV export (plain or `.gz`), BOM removed. Other formats carry their own column
 * names, which `load()` maps by itself: they give no headers here.
 * @param file the data file (only read)
 * @param delimiter the field delimiter, when not the file type's (`,`, or a tab for `.tsv`)
 */
export async function readHeaders(file: string, delimiter?: 'whitespace'): Promise<string[]> {
  if (!/\.(csv|tsv|txt)(\.gz)?$/i.test(file)) return [];
  let bytes: Uint8Array = await readFile(file);
  if (/\.gz$/i.test(file)) bytes = gunzipSync(bytes);
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, 64 * 1024)).replace(/^\uFEFF/, '');
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  const separator = delimiter === 'whitespace' ? /[ \t]+/ : /\.tsv/i.test(file) ? '\t' : ',';
  const fields = delimiter === 'whitespace' ? line.trim() : line;
  return fields.split(separator).map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
}

interface MappingItem extends vscode.QuickPickItem {
  canonical?: string;
  accept?: boolean;
}

/**
 * Asks the user to confirm the column mapping of one file: kernel-lib's guess from the headers (English and
 * Chinese spreadsheet habits) is shown; picking a column lets the user choose another header for it.
 * @param file the data file
 * @param table the canonical table it holds
 * @param delimiter as for {@link readHeaders}
 * @returns canonical camelCase name → header, or undefined when the user cancelled
 */
export async function confirmColumnMapping(
  file: string,
  table: CanonicalTableName,
  delimiter?: 'whitespace',
): Promise<Record<string, string> | undefined> {
  const headers = await readHeaders(file, delimiter);
  if (headers.length === 0) return {};
  const mapping = { ...guessMapping(headers, table).columns };
  const schema = CANONICAL_SCHEMAS[table];
  // An orders export without an amount header (Online Retail) gets quantity × unit price: amount is covered.
  const derived = table === 'orders' ? guessLoadChoices(headers)?.amount?.product : undefined;
  const covered = (canonical: string) =>
    mapping[canonical] !== undefined || (canonical === 'amount' && derived !== undefined);
  for (;;) {
    const missing = schema.filter((c) => c.required && !covered(camel(c.name))).map((c) => c.name);
    const items: MappingItem[] = [
      {
        label: missing.length
          ? `$(warning) ${vscode.l10n.t('Required columns are not mapped: {0}', missing.join(', '))}`
          : `$(check) ${vscode.l10n.t('Use this mapping')}`,
        accept: missing.length === 0,
        alwaysShow: true,
      },
      ...schema.map((c) => ({
        label: `${c.name}${c.required ? ' *' : ''}`,
        description: mapping[camel(c.name)]
          ? `← ${mapping[camel(c.name)]}`
          : c.name === 'amount' && derived
            ? `← ${derived.join(' × ')}`
            : vscode.l10n.t('(not in this file)'),
        canonical: camel(c.name),
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Columns of {0}: confirm or change', file.split(/[\\/]/).pop() ?? file),
      placeHolder: vscode.l10n.t('Pick a column to change which header it reads, or accept'),
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    if (picked.accept) return mapping;
    if (!picked.canonical) continue;
    const header = await vscode.window.showQuickPick(
      [{ label: vscode.l10n.t('(none)'), header: '' }, ...headers.map((h) => ({ label: h, header: h }))],
      { title: vscode.l10n.t('Header for {0}', picked.label), ignoreFocusOut: true },
    );
    if (header === undefined) continue;
    if (header.header) mapping[picked.canonical] = header.header;
    else delete mapping[picked.canonical];
  }
}
