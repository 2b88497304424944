/** The dev inbox's live event stream, read as a test reads it. */
import type { StreamEvent } from '../../src/client/control-types.js';

/** Opens /__umc/events and collects its events; `next(type)` waits for the next one of a type. */
export async function openStream(t: { teardown(fn: () => unknown): void }, url: string) {
  const controller = new AbortController();
  const res = await fetch(`${url}/__umc/events`, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  t.teardown(() => controller.abort());
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const seen: StreamEvent[] = [];
  let buffer = '';
  async function next(type: string): Promise<StreamEvent> {
    for (;;) {
      const i = seen.findIndex((e) => e.type === type);
      if (i >= 0) return seen.splice(0, i + 1).pop()!;
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before a ${type} event`);
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = /^data: (.*)$/m.exec(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (data) seen.push(JSON.parse(data[1]!));
      }
    }
  }
  return { res, next };
}
