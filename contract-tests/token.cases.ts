// 5.1.1 and the token every other operation needs: POST with URL parameters issues tokens (GET,
// which real clients use, is probed once as a note), wrong credentials get 500002, every operation
// refuses a missing or counterfeit token (a token it did not issue with 500003, the code clients
// refresh on), and a token works for its 7200 s.
import { ASSUME, DOC, codeAssumption, specAssumption } from '../src/contract/basis.js';
import { expectRejection, expectSuccess } from '../src/contract/expect.js';
import { TOKEN_OPERATION } from '../src/contract/runner.js';
import type { ContractCase } from '../src/contract/types.js';
import type { LoadedSpec } from '../src/spec/load.js';
import { TOKEN_LIFETIME } from './required-codes.js';
import { UNKNOWN_ID, rejectionBaseline } from './samples.js';

/** On the mock: how far the lifetime case moves the clock before using the token again, and past its end. */
const STILL_VALID_AT_S = 7200 - 120;
const EXPIRED_AT_S = 7200 + 60;

/** An appPassword of the real shape (43 base64 characters) that is nobody's. */
const WRONG_PASSWORD = 'dW1jLWNvbnRyYWN0LXdyb25nLXBhc3N3b3JkLTAwMDA';
const UNKNOWN_APP = 'MSG000000';

export function tokenCases(spec: LoadedSpec): ContractCase[] {
  const cases: ContractCase[] = [];
  const credentials = codeAssumption(TOKEN_OPERATION, 'appId/appPassword', '500002');
  cases.push(
    {
      id: `token/${TOKEN_OPERATION}/issues-token`,
      group: 'token',
      operationIds: [TOKEN_OPERATION],
      title: "POST with the app's credentials in the URL issues a token",
      mode: 'safe',
      doc: DOC.tokenIssued,
      async run(ctx) {
        expectSuccess(ctx, await ctx.call(TOKEN_OPERATION, { appId: ctx.appId, appPassword: ctx.appPassword }));
      },
    },
    {
      id: `token/${TOKEN_OPERATION}/wrong-password`,
      group: 'token',
      operationIds: [TOKEN_OPERATION],
      title: 'POST with a wrong appPassword gets no token (500002)',
      field: 'appPassword',
      mode: 'safe',
      doc: DOC.badCredentials,
      async run(ctx) {
        const ex = await ctx.call(TOKEN_OPERATION, { appId: ctx.appId, appPassword: WRONG_PASSWORD });
        expectRejection(ctx, ex, { field: 'appPassword', code: '500002', doc: DOC.badCredentials, codeAssumption: credentials, requiredCode: DOC.badCredentials, check: 'rejects_bad_credentials' });
      },
    },
    {
      id: `token/${TOKEN_OPERATION}/unknown-app`,
      group: 'token',
      operationIds: [TOKEN_OPERATION],
      title: 'POST with an unknown appId gets no token (500002)',
      field: 'appId',
      mode: 'safe',
      doc: DOC.badCredentials,
      async run(ctx) {
        const ex = await ctx.call(TOKEN_OPERATION, { appId: UNKNOWN_APP, appPassword: WRONG_PASSWORD });
        expectRejection(ctx, ex, { field: 'appId', code: '500002', doc: DOC.badCredentials, codeAssumption: credentials, requiredCode: DOC.badCredentials, check: 'rejects_bad_credentials' });
      },
    },
    {
      // A read-only probe: it consumes nothing even on a platform that accepted it.
      id: `token/${TOKEN_OPERATION}/token-accepted`,
      group: 'token',
      operationIds: [TOKEN_OPERATION, 'getProgress'],
      title: 'a freshly issued token is accepted by getProgress (answer is not 500003)',
      mode: 'safe',
      doc: DOC.tokenUsable,
      async run(ctx) {
        const issued = await ctx.call(TOKEN_OPERATION, { appId: ctx.appId, appPassword: ctx.appPassword }, { label: 'token' });
        const token = ctx.resultData(issued)?.token;
        // A token step that does not work is the issues-token case's fail, not this one's.
        if (ctx.rspCode(issued) !== '000000' || typeof token !== 'string') ctx.inconclusive('no token: 5.1.1 did not issue one, see the issues-token case');
        const ex = await ctx.call('getProgress', { token, msgId: UNKNOWN_ID }, { label: 'use token' });
        const code = ctx.rspCode(ex);
        ctx.check('token_accepted', code !== '500003', { expected: 'anything but 500003 (here an unknown msgId)', got: `rspCode ${code}` });
      },
    },
    {
      // Last, alone: on the mock it moves the clock by two hours. The same request on any target, so
      // that a profile saved from a deployment and a run against a profiled mock compare step by step.
      id: `token/${TOKEN_OPERATION}/lifetime`,
      group: 'token',
      operationIds: [TOKEN_OPERATION, 'getProgress'],
      title: "the run's token is still accepted when it is --token-age seconds old (on umc-mock: 7080 s, the clock moved)",
      mode: 'safe',
      doc: TOKEN_LIFETIME,
      exclusive: true,
      risk: 'nothing; on umc-mock, moves its clock forward by up to 2 hours',
      async run(ctx) {
        const run = ctx.runToken() ?? ctx.inconclusive('no token: 5.1.1 did not issue one, see the issues-token case');
        if (ctx.control) await ctx.moveClock(Math.max(0, STILL_VALID_AT_S - run.ageSeconds));
        else if (ctx.tokenAgeSeconds > run.ageSeconds) await new Promise((resolve) => setTimeout(resolve, (ctx.tokenAgeSeconds - run.ageSeconds) * 1000));
        // A refusal of the run's token sooner than 7200 s is recorded as it comes (token_lifetime), by any case.
        const code = ctx.rspCode(await ctx.call('getProgress', { token: run.token, msgId: UNKNOWN_ID }, { label: 'the run token again' }));
        if (code !== '500003') ctx.check('token_lifetime', true);
      },
    },
    {
      // Only where the clock can be moved: nobody waits 7200 s on a deployment.
      id: `token/${TOKEN_OPERATION}/expired`,
      group: 'token',
      operationIds: [TOKEN_OPERATION, 'getProgress'],
      title: 'a token older than 7200 s is refused with 500003 (umc-mock only: the suite moves its clock)',
      mode: 'safe',
      doc: TOKEN_LIFETIME,
      exclusive: true,
      mockOnly: true,
      risk: 'issues one more token to the app; moves the mock\'s clock forward by 2 hours',
      async run(ctx) {
        const issued = await ctx.call(TOKEN_OPERATION, { appId: ctx.appId, appPassword: ctx.appPassword }, { label: 'token' });
        const token = ctx.resultData(issued)?.token;
        if (ctx.rspCode(issued) !== '000000' || typeof token !== 'string') return ctx.inconclusive('no token: 5.1.1 did not issue one, see the issues-token case');
        await ctx.moveClock(EXPIRED_AT_S);
        const code = ctx.rspCode(await ctx.call('getProgress', { token, msgId: UNKNOWN_ID }, { label: `after ${EXPIRED_AT_S} s` }));
        ctx.check('rejects_expired_token', code === '500003', { expected: 'rspCode 500003 (无效的请求凭证): clients fetch a new token on it', got: `rspCode ${code}` }, { doc: DOC.badToken });
      },
    },
  );

  if (spec.byId.has('getThirdAPITokenByGet')) {
    const get = specAssumption(spec, 'getThirdAPITokenByGet', '与POST相同');
    cases.push({
      // Not in the document (it says POST): whatever a deployment does here is a note.
      id: 'token/getThirdAPITokenByGet/issues-token',
      group: 'token',
      operationIds: ['getThirdAPITokenByGet'],
      title: 'GET, as real clients fetch it, issues a token too (a note if not: the document says POST)',
      mode: 'safe',
      assumptions: [get],
      async run(ctx) {
        expectSuccess(ctx, await ctx.call('getThirdAPITokenByGet', { appId: ctx.appId, appPassword: ctx.appPassword }), { assumption: get });
      },
    });
  }

  // Every operation behind a token: none, garbage, and an unknown well-formed one. Nothing a
  // target could accept: these are safe even on operations that change state.
  for (const op of spec.operations.filter((o) => o.needsToken)) {
    const baseline = rejectionBaseline(spec, op.operationId);
    const badCode = codeAssumption(op.operationId, 'token', '500003');
    const variants = [
      { slug: 'no-token', title: 'without token is refused (500003)', token: undefined, check: 'rejects_missing_token' as const, doc: { section: op.section, phrase: 'token 平台通行凭证 是 String' }, code: ASSUME.missingTokenCode },
      { slug: 'garbage-token', title: 'with a garbage token is refused with 500003', token: 'umc-contract-garbage-token', check: 'rejects_bad_token' as const, doc: DOC.badToken, code: badCode, required: DOC.badToken },
      { slug: 'unknown-token', title: 'with a well-formed token nobody issued is refused with 500003', token: UNKNOWN_ID, check: 'rejects_bad_token' as const, doc: DOC.badToken, code: badCode, required: DOC.badToken },
    ];
    for (const v of variants) {
      cases.push({
        id: `auth/${op.operationId}/${v.slug}`,
        group: 'auth',
        operationIds: [op.operationId],
        title: `${op.operationId} ${v.title}`,
        field: 'token',
        mode: 'safe',
        doc: v.doc,
        // 500003 for a token it did not issue is required (clients refresh on it); for none, which code is ours.
        assumptions: v.required ? [] : [v.code],
        risk: 'nothing: no platform can tell whose request it is',
        async run(ctx) {
          const params = v.token === undefined ? { ...baseline } : { token: v.token, ...baseline };
          const ex = await ctx.call(op.operationId, params);
          expectRejection(ctx, ex, { field: 'token', code: '500003', doc: v.doc, codeAssumption: v.code, requiredCode: v.required, check: v.check });
        },
      });
    }
  }
  return cases;
}
