/**
 * The events of a text/event-stream body, each `data:` parsed as JSON, in order; comment lines
 * (the stream's keep-alives) and other fields are skipped. Ends with the body.
 */
export async function* eventsOf<T>(body: ReadableStream<Uint8Array>): AsyncGenerator<T> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.search(/\r?\n\r?\n/); end >= 0; end = buffer.search(/\r?\n\r?\n/)) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        const data = block
          .split(/\r?\n/)
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).replace(/^ /, ''));
        if (data.length) yield JSON.parse(data.join('\n')) as T;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
