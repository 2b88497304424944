import { cite } from '../basis.js';
import { toCurl } from '../curl.js';
import type { Secrets } from '../secrets.js';
import type { RunReport } from '../types.js';
import { VERDICTS_EXPLAINED, findings, maskedResponse } from './failures.js';
import { assumptionsJson } from './assumptions.js';

/** The whole run as JSON: every case, check and request (bodies clipped), secrets masked. */
export function jsonReport(report: RunReport, secrets: Secrets): string {
  const body = {
    tool: 'umc-contract',
    verdicts: VERDICTS_EXPLAINED,
    target: report.target,
    isMock: report.isMock,
    mode: report.mode,
    strict: report.strict,
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
      mode: r.mode,
      document: r.doc ? cite(r.doc) : null,
      status: r.status,
      reason: r.reason,
      ms: r.ms,
      checks: r.checks.map((c) => ({
        name: c.name,
        ok: c.ok,
        ...('doc' in c.basis ? { document: cite(c.basis.doc) } : 'baseline' in c.basis ? { baseline: c.basis.baseline.file } : { assumption: c.basis.assumption.id }),
        ...(c.ok ? {} : { verdict: c.verdict, expected: c.expected, got: c.got }),
      })),
      requests: r.exchanges.map((ex) => ({
        operation: ex.operationId,
        step: ex.label,
        status: ex.status,
        ms: ex.ms,
        error: ex.error,
        rspCode: (ex.json as { rspCode?: unknown } | undefined)?.rspCode,
        ...(r.status === 'failed' || r.status === 'noted' ? { response: maskedResponse(ex, secrets, 4000), curl: toCurl(ex.request, secrets) } : {}),
      })),
      failures: r.status === 'failed' ? findings(r, secrets, 'fail') : undefined,
      notes: r.checks.some((c) => c.verdict === 'note') ? findings(r, secrets, 'note') : undefined,
    })),
    assumptions: report.isMock ? undefined : assumptionsJson(report).assumptions,
  };
  return `${secrets.mask(JSON.stringify(secrets.maskValue(body), null, 2))}\n`;
}
