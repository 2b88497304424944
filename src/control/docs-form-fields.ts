import { formatDateTime } from '../domain/wall-time.js';

type Doc = Record<string, any>;

/** How far ahead the docs page's example sendTime is: well past the platform's 10-minute minimum. */
const SEND_TIME_AHEAD_MS = 24 * 3600_000;

/**
 * openapi.yaml's form fields as Swagger UI can fill them in for "Try it out". Swagger UI draws a string
 * with `contentMediaType` as a file picker (receivers is JSON text, not a file), and where a field has no
 * `example` it makes one up from the schema (`string`, a random date, a pattern thousands of characters
 * long). So: the JSON-text hints go (the mock validates from openapi.yaml itself, not from this copy),
 * each field's first `examples` entry becomes its `example`, and `sendTime` is a day after the platform
 * clock's `now`, in China time, so that a scheduled send is accepted as it stands.
 */
export function withTryItOutExamples(document: Doc, now: number): Doc {
  for (const item of Object.values((document.paths ?? {}) as Record<string, Doc>)) {
    for (const op of Object.values(item) as Doc[]) {
      if (typeof op !== 'object' || !op.operationId) continue;
      for (const param of (op.parameters ?? []) as Doc[]) if (param.schema) fillExample(param.schema);
      const form = op.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
      for (const [name, field] of Object.entries((form?.properties ?? {}) as Record<string, Doc>)) {
        delete field.contentMediaType;
        delete field.contentSchema;
        if (name === 'sendTime') field.example = formatDateTime(now + SEND_TIME_AHEAD_MS);
        else fillExample(field);
      }
    }
  }
  return document;
}

function fillExample(schema: Doc): void {
  if (Array.isArray(schema.examples) && schema.examples.length > 0 && schema.example === undefined) schema.example = schema.examples[0];
}
