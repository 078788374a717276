import { screenshot, startWorkbench, type Workbench, type WorkbenchOptions } from './codeServer.js';

/**
 * Gives the current mocha suite one workbench: started before its tests, a screenshot named after each test
 * that fails (`test-artifacts/extension/failed-<title>.png`), closed after the suite.
 * @param name names the workspace copy and the screenshots, as in {@link startWorkbench}
 * @returns the running workbench, for use inside the suite's tests
 * @example
 * const workbench = useWorkbench('preview');
 * it('…', async () => { const { page } = workbench(); … });
 */
export function useWorkbench(name: string, options?: WorkbenchOptions): () => Workbench {
  let wb: Workbench | undefined;
  before(async function () {
    wb = await startWorkbench(name, options);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb)
      await screenshot(wb.page, `failed-${this.currentTest.title}`);
  });
  after(async () => wb?.close());
  return () => {
    if (!wb) throw new Error(`the "${name}" workbench did not start`);
    return wb;
  };
}
