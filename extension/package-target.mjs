// Platform-specific packages (`vsce package --target`): each .vsix carries the notebook runtime with only its own
// zeromq addon.
//   node package-target.mjs                    this machine's target → fupan-vscode.vsix
//   node package-target.mjs linux-x64 win32-x64 …   one fupan-vscode-<target>.vsix each
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentTarget } from './runtime.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const targets = process.argv.slice(2);
const vsce = path.join(here, '..', 'node_modules', '@vscode', 'vsce', 'vsce');
for (const target of targets.length ? targets : [currentTarget()]) {
  const out = targets.length ? `fupan-vscode-${target}.vsix` : 'fupan-vscode.vsix';
  execFileSync(process.execPath, [path.join(here, 'esbuild.mjs'), '--production', '--target', target], {
    cwd: here,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--target', target, '--out', out], {
    cwd: here,
    stdio: 'inherit',
  });
  console.log(`${out}: ${(statSync(path.join(here, out)).size / 1e6).toFixed(1)} MB`);
}
