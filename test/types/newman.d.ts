// The part of newman's programmatic API the tests use (newman ships no types).
declare module 'newman' {
  export interface NewmanRunSummary {
    run: {
      stats: Record<'requests' | 'assertions' | 'prerequestScripts' | 'testScripts', { total: number; failed: number; pending?: number }>;
      failures: { error: { name: string; message: string; test?: string }; source?: { name?: string } }[];
      executions: { item: { name: string }; request: { method: string; url: { toString(): string } }; response?: { code: number; text(): string; headers: { get(name: string): string | undefined } } }[];
    };
  }
  export function run(options: Record<string, unknown>, callback: (err: Error | null, summary: NewmanRunSummary) => void): unknown;
  const newman: { run: typeof run };
  export default newman;
}
