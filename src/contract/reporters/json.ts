import { cite } from '../basis.js';
import type { Secrets } from '../secrets.js';
import type { RunReport } from '../types.js';
import { VERDICTS_EXPLAINED, caseView, exchangeView } from './case-view.js';
import { assumptionsJson } from './assumptions.js';

/** The whole run as JSON: causes and security findings, every case, check and request (bodies clipped), secrets masked. */
export function jsonReport(report: RunReport, secrets: Secrets): string {
  const body = {
    tool: 'umc-contract',
    verdicts: VERDICTS_EXPLAINED,
    target: report.target,
    isMock: report.isMock,
    mode: report.mode,
    strict: report.strict,
    failOn: report.failOn ?? null,
    seed: report.seed,
    startedAt: report.startedAt,
    ms: report.ms,
    counts: report.counts,
    notesBySeverity: report.notesBySeverity,
    security: report.security,
    causes: report.causes,
    baseline: report.baseline ?? null,
    receivers: report.receiversSource,
    cases: report.results.map((r) => {
      const view = caseView(r, report, secrets);
      const detailed = r.status !== 'passed';
      return {
        id: r.id,
        group: r.group,
        operations: r.operationIds,
        title: r.title,
        field: r.field,
        mode: r.mode,
        document: r.doc ? cite(r.doc) : null,
        status: r.status,
        reason: r.reason,
        placeholder: r.placeholder,
        ms: r.ms,
        checks: r.checks.map((c) => ({
          name: c.name,
          ok: c.ok,
          ...('doc' in c.basis ? { document: cite(c.basis.doc) } : 'baseline' in c.basis ? { baseline: c.basis.baseline.file } : { assumption: c.basis.assumption.id }),
          ...(c.ok ? {} : { verdict: c.verdict, severity: c.severity, cause: c.cause, expected: c.expected, got: c.got, request: c.exchange === undefined ? undefined : c.exchange + 1 }),
        })),
        requests: r.exchanges.map((ex, i) => {
          // The request as sent, the answer and a curl only where a person will read them.
          const v = detailed ? exchangeView(ex, i, secrets) : undefined;
          return {
            request: i + 1,
            operation: ex.operationId,
            step: ex.label,
            prerequisite: ex.prerequisite,
            status: ex.status,
            contentType: ex.contentType,
            location: ex.location,
            attempts: ex.attempts,
            ms: ex.ms,
            error: ex.error,
            rspCode: (ex.json as { rspCode?: unknown } | undefined)?.rspCode,
            ...(v ? { sent: v.request, response: v.response, curl: v.curl } : {}),
          };
        }),
        failures: view.fails.length > 0 ? view.fails.map(({ cause, ...f }) => ({ ...f, cause: cause?.id })) : undefined,
        errors: view.errors.length > 0 ? view.errors.map(({ cause, ...f }) => ({ ...f, cause: cause?.id })) : undefined,
        notes: view.notes.length > 0 ? view.notes.map(({ cause, ...f }) => ({ ...f, cause: cause?.id })) : undefined,
      };
    }),
    assumptions: report.isMock ? undefined : assumptionsJson(report).assumptions,
  };
  return `${secrets.mask(JSON.stringify(secrets.maskValue(body), null, 2))}\n`;
}
