import { toCurl } from '../curl.js';
import type { Secrets } from '../secrets.js';
import type { RunReport } from '../types.js';
import { failureDetails } from './failures.js';

/** The whole run as JSON: every case, check and request (bodies clipped), secrets masked. */
export function jsonReport(report: RunReport, secrets: Secrets): string {
  const body = {
    tool: 'umc-contract',
    target: report.target,
    isMock: report.isMock,
    mode: report.mode,
    seed: report.seed,
    startedAt: report.startedAt,
    ms: report.ms,
    counts: report.counts,
    receivers: report.receiversSource,
    cases: report.results.map((r) => ({
      id: r.id,
      group: r.group,
      operations: r.operationIds,
      title: r.title,
      field: r.field,
      status: r.status,
      skipReason: r.skipReason,
      ms: r.ms,
      checks: r.checks.map((c) => ({ name: c.name, ok: c.ok, ...(c.ok ? {} : { expected: c.expected, got: c.got }) })),
      requests: r.exchanges.map((ex) => ({
        operation: ex.operationId,
        step: ex.label,
        status: ex.status,
        ms: ex.ms,
        error: ex.error,
        rspCode: (ex.json as { rspCode?: unknown } | undefined)?.rspCode,
        ...(r.status === 'failed' ? { response: (ex.text ?? '').slice(0, 4000), curl: toCurl(ex.request, secrets) } : {}),
      })),
      failures: r.status === 'failed' ? failureDetails(r, secrets) : undefined,
    })),
  };
  return `${secrets.mask(JSON.stringify(secrets.maskValue(body), null, 2))}\n`;
}
