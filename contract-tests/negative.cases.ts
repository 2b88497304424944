// Requests the platform must reject before delivery, generated from openapi.yaml: each required
// parameter missing, each length limit + 1, each enum/pattern broken, malformed JSON in
// receivers, each cross-field rule broken; plus ids that exist nowhere. Safe on any target.
import { expectRejection } from '../src/contract/expect.js';
import { negativeCases } from '../src/contract/generate.js';
import { seededRandom } from '../src/contract/random.js';
import type { ContractCase } from '../src/contract/types.js';
import type { LoadedSpec } from '../src/spec/load.js';
import { TOKEN_STAND_IN, UNKNOWN_ID, rejectionBaseline } from './samples.js';

/**
 * @param seed seeds the generated values (over-length fillers), so a run's cases are
 *   reproducible with --seed.
 */
export function negativeDataCases(spec: LoadedSpec, seed: number): ContractCase[] {
  const random = seededRandom(seed);
  const cases: ContractCase[] = [];
  for (const op of spec.operations) {
    const isTokenOp = !op.needsToken;
    const baseline = rejectionBaseline(spec, op.operationId);
    const standIn = isTokenOp ? baseline : { token: TOKEN_STAND_IN, ...baseline };
    for (const { mutation, code } of negativeCases(op, standIn, random, isTokenOp ? [] : ['token'])) {
      cases.push({
        id: `negative/${op.operationId}/${mutation.field}-${mutation.kind}`,
        group: 'negative',
        operationIds: [op.operationId],
        title: `${op.operationId}: ${mutation.describe} → ${code}`,
        field: mutation.field,
        mode: 'safe',
        async run(ctx) {
          const params: Record<string, unknown> = isTokenOp
            ? { appId: ctx.appId, appPassword: ctx.appPassword }
            : { token: await ctx.token(), ...structuredClone(baseline) };
          mutation.apply(params);
          const ex = await ctx.call(op.operationId, params);
          expectRejection(ctx, ex, { field: mutation.field, code });
        },
      });
    }
  }

  // Rejections the document states beyond the schema: ids that were never issued (nothing
  // changes), and content the platform refuses. Placeholders again address nobody.
  const documented: { operationId: string; field: string; slug: string; code: string; params: Record<string, unknown>; what: string }[] = [
    { operationId: 'getProgress', field: 'msgId', slug: 'unknown', code: '500005', params: { msgId: UNKNOWN_ID }, what: 'a msgId nobody issued' },
    { operationId: 'checkMessageStatusApi', field: 'msgId', slug: 'unknown', code: '500005', params: { msgId: UNKNOWN_ID, state: '2' }, what: 'a msgId nobody issued' },
    { operationId: 'getTemplateList', field: 'publicId', slug: 'unknown', code: '600000', params: { publicId: UNKNOWN_ID }, what: 'a publicId that does not exist' },
    // The document forbids 【】 as an SMS signature (use 〖〗): an illegal request content.
    {
      operationId: 'sendMessageBySMSApi',
      field: 'msgContent',
      slug: 'sms-signature-brackets',
      code: '500012',
      params: { ...rejectionBaseline(spec, 'sendMessageBySMSApi'), msgContent: '【umc-contract】此请求应在投递前被拒绝' },
      what: 'msgContent signed with 【】',
    },
  ];
  for (const u of documented.filter((x) => spec.byId.has(x.operationId))) {
    cases.push({
      id: `negative/${u.operationId}/${u.field}-${u.slug}`,
      group: 'negative',
      operationIds: [u.operationId],
      title: `${u.operationId}: ${u.what} → ${u.code}`,
      field: u.field,
      mode: 'safe',
      async run(ctx) {
        const ex = await ctx.call(u.operationId, { token: await ctx.token(), ...u.params });
        expectRejection(ctx, ex, { field: u.field, code: u.code });
      },
    });
  }
  return cases;
}
