/**
 * A kernel client that gets killed: starts a kernel, sets a cell running a child process, prints the kernel's
 * pid and waits to be SIGKILLed by the test (which then checks that the kernel stopped on its own).
 */
import { resolve } from 'node:path';
import { TslabKernel } from '@fupan/kernel-client';

void (async () => {
  const kernel = await TslabKernel.start({ cwd: resolve(__dirname, '../../notebooks') });
  void kernel.execute("import { execSync } from 'child_process';\nexecSync('sleep 600');");
  console.log(`kernel ${kernel.pid}`);
  setInterval(() => undefined, 60_000);
})();
