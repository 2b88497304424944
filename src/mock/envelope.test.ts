// The envelope's text is exactly JSON.stringify's for the platform's keys in the platform's order.
import t from 'tap';
import { envelope } from './envelope.js';

t.test('the same text as JSON.stringify of the envelope object, success head cached or not', async (t) => {
  const ops = [
    { withDebugger: true, success: { rspCode: '000000', rspMsg: '操作成功' } },
    { withDebugger: false, success: { rspCode: '000000', rspMsg: '成功"\\\u2028' } },
    { withDebugger: false },
  ];
  const results: unknown[] = [null, undefined, { token: 'a"b' }, [1, '二', { x: null }], 'text', 0, { nested: { list: [] } }];
  for (const op of ops) {
    for (const [rspCode, rspMsg] of [[op.success?.rspCode ?? '000000', op.success?.rspMsg ?? '操作成功'], ['500001', 'token不能为空'], ['000000', 'other']] as const) {
      for (const resultData of results) {
        const expected = JSON.stringify(op.withDebugger ? { rspCode, rspMsg, debuggerErrorMsg: null, resultData: resultData ?? null } : { rspCode, rspMsg, resultData: resultData ?? null });
        t.equal(envelope(op, rspCode, rspMsg, resultData), expected);
        t.equal(envelope(op, rspCode, rspMsg, resultData), expected, 'a second time, from the cache');
      }
    }
  }
});
