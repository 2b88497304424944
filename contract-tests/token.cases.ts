// 5.1.1 and the token every other operation needs: GET and POST issue tokens, wrong
// credentials are refused with 500002, and every operation refuses a missing or bad token.
import { expectSuccess, expectTokenRefused } from '../src/contract/expect.js';
import type { ContractCase } from '../src/contract/types.js';
import type { LoadedSpec } from '../src/spec/load.js';
import { UNKNOWN_ID, rejectionBaseline } from './samples.js';

const TOKEN_OPS = ['getThirdAPITokenByGet', 'getThirdAPIToken'];

/** An appPassword of the real shape (43 base64 characters) that is nobody's. */
const WRONG_PASSWORD = 'dW1jLWNvbnRyYWN0LXdyb25nLXBhc3N3b3JkLTAwMDA';
const UNKNOWN_APP = 'MSG000000';

export function tokenCases(spec: LoadedSpec): ContractCase[] {
  const cases: ContractCase[] = [];
  for (const operationId of TOKEN_OPS.filter((id) => spec.byId.has(id))) {
    const method = spec.byId.get(operationId)!.method;
    cases.push(
      {
        id: `token/${operationId}/issues-token`,
        group: 'token',
        operationIds: [operationId],
        title: `${method} with the app's credentials issues a token`,
        mode: 'safe',
        async run(ctx) {
          const ex = await ctx.call(operationId, { appId: ctx.appId, appPassword: ctx.appPassword });
          expectSuccess(ctx, ex);
        },
      },
      {
        id: `token/${operationId}/wrong-password`,
        group: 'token',
        operationIds: [operationId],
        title: `${method} with a wrong appPassword answers 500002`,
        field: 'appPassword',
        mode: 'safe',
        async run(ctx) {
          const ex = await ctx.call(operationId, { appId: ctx.appId, appPassword: WRONG_PASSWORD });
          const code = ctx.rspCode(ex);
          ctx.check('rejects_bad_credentials', code === '500002', { expected: 'rspCode 500002', got: `rspCode ${code}` });
        },
      },
      {
        id: `token/${operationId}/unknown-app`,
        group: 'token',
        operationIds: [operationId],
        title: `${method} with an unknown appId answers 500002`,
        field: 'appId',
        mode: 'safe',
        async run(ctx) {
          const ex = await ctx.call(operationId, { appId: UNKNOWN_APP, appPassword: WRONG_PASSWORD });
          const code = ctx.rspCode(ex);
          ctx.check('rejects_bad_credentials', code === '500002', { expected: 'rspCode 500002', got: `rspCode ${code}` });
        },
      },
    );
  }

  // A fresh token must open the other operations. replyMessage with count=0 is refused by
  // validation after the token check, so the probe consumes nothing and sends nothing.
  if (spec.byId.has('replyMessage')) {
    cases.push({
      id: 'token/getThirdAPITokenByGet/token-accepted',
      group: 'token',
      operationIds: ['getThirdAPITokenByGet', 'replyMessage'],
      title: 'a freshly issued token is accepted by replyMessage (answer is not 500003)',
      mode: 'safe',
      async run(ctx) {
        const issued = await ctx.call('getThirdAPITokenByGet', { appId: ctx.appId, appPassword: ctx.appPassword }, { label: 'token' });
        if (!expectSuccess(ctx, issued)) return;
        const token = ctx.resultData(issued)?.token;
        const ex = await ctx.call('replyMessage', { token, count: '0' }, { label: 'use token' });
        const code = ctx.rspCode(ex);
        ctx.check('token_accepted', code !== '500003', { expected: 'anything but 500003 (here 500001 for count=0)', got: `rspCode ${code}` });
      },
    });
  }

  // Every operation behind a token: none, garbage, and an unknown well-formed one → 500003.
  for (const op of spec.operations.filter((o) => o.needsToken)) {
    const baseline = rejectionBaseline(spec, op.operationId);
    const variants = [
      { slug: 'no-token', title: 'without token answers 500003', token: undefined, check: 'rejects_missing_token' as const },
      { slug: 'garbage-token', title: 'with a garbage token answers 500003', token: 'umc-contract-garbage-token', check: 'rejects_bad_token' as const },
      { slug: 'unknown-token', title: 'with a well-formed token nobody issued answers 500003', token: UNKNOWN_ID, check: 'rejects_bad_token' as const },
    ];
    for (const v of variants) {
      cases.push({
        id: `auth/${op.operationId}/${v.slug}`,
        group: 'auth',
        operationIds: [op.operationId],
        title: `${op.operationId} ${v.title}`,
        field: 'token',
        mode: 'safe',
        async run(ctx) {
          const params = v.token === undefined ? { ...baseline } : { token: v.token, ...baseline };
          const ex = await ctx.call(op.operationId, params);
          expectTokenRefused(ctx, ex, v.check);
        },
      });
    }
  }
  return cases;
}
