/**
 * Runs a task per document after a quiet period. A newer schedule for the same document replaces the pending
 * one, so typing fast lints once, after the last keystroke; a task already running is not interrupted (it
 * checks the document version before publishing instead).
 */
export class DebouncedTasks {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** `run` must handle its own errors: nothing awaits it. */
  constructor(private readonly run: (key: string) => Promise<void>) {}

  schedule(key: string, delayMs: number): void {
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.run(key);
      }, delayMs),
    );
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(key);
  }

  cancelAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
