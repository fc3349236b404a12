import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * A span processor that hands every ended span to the listeners subscribed at the time (the
 * console's call timelines). The tracer provider takes its processors when it is built; the bots
 * of a process come and go after that, so they subscribe here instead.
 */
export class SpanTap implements SpanProcessor {
  private readonly listeners = new Set<(span: ReadableSpan) => void>();

  /** Listens to ended spans until the returned function is called. */
  subscribe(listener: (span: ReadableSpan) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    for (const listener of this.listeners) listener(span);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.listeners.clear();
    return Promise.resolve();
  }
}
