/**
 * A one-line progress bar on stderr (`[#####-----] 52% 520000/1000000 users 3.1s`), redrawn at most
 * every 200 ms so it costs nothing in hot loops. Silent when `enabled` is false (tests, piped output).
 */
export class ProgressBar {
  private lastDraw = 0;
  private readonly started = Date.now();

  constructor(
    readonly label: string,
    readonly total: number,
    readonly enabled = process.stderr.isTTY === true,
    private readonly out: NodeJS.WritableStream = process.stderr,
  ) {}

  /** Reports that `done` of `total` units are finished. */
  update(done: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 200 && done < this.total) return;
    this.lastDraw = now;
    this.out.write('\r' + this.line(done, now));
  }

  /** Draws the final state and ends the line. */
  finish(): void {
    if (!this.enabled) return;
    this.out.write('\r' + this.line(this.total, Date.now()) + '\n');
  }

  /** The bar's text for `done` units at time `now` (exposed for tests). */
  line(done: number, now: number): string {
    const width = 30;
    const share = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const filled = Math.round(share * width);
    const secs = ((now - this.started) / 1000).toFixed(1);
    return `${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${done}/${this.total} ${secs}s`;
  }
}
