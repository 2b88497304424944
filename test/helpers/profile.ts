import { deploymentChoices, type DeploymentChoices } from '../../src/spec/deployment-choices.js';
import type { AnswerShape, Profile } from '../../src/spec/deployment-profile.js';
import { loadSpec } from '../../src/spec/load.js';

function answered(rspCode: string, rspMsg: string): AnswerShape {
  return { status: 200, contentType: 'application/json;charset=utf-8', body: 'json', rspCode: { type: 'string', value: rspCode }, rspMsg, fields: { $: 'object', rspCode: 'string', rspMsg: 'string', resultData: 'null' } };
}

/**
 * A deployment profile of two observations: 5.2.4 without a token answered 500003 in its own words
 * (applied), and 5.2.4 without its required msgId accepted (seen, never applied: the mock cannot
 * ignore a required parameter).
 */
export const SMALL_PROFILE: Profile = {
  format: 'umc-contract-profile',
  version: 1,
  tool: 'umc-contract 0.1.0',
  savedAt: '2026-12-01T08:00:00.000Z',
  mode: 'safe',
  isMock: false,
  seed: 1,
  tokenMethods: { POST: true, GET: true },
  cases: {
    'auth/getProgress/no-token': { status: 'noted', operation: 'getProgress', notes: [], steps: { call: [answered('500003', '请先登录')] } },
    'negative/getProgress/msgId-missing': { status: 'noted', operation: 'getProgress', field: 'msgId', notes: [], steps: { call: [answered('000000', '操作完成')] } },
  },
};

/** SMALL_PROFILE read as umc-mock reads `--profile file`. */
export function smallProfileChoices(file = 'deployment.json'): DeploymentChoices {
  return deploymentChoices(SMALL_PROFILE, loadSpec(), file);
}
