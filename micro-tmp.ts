import { loadSpec } from './src/spec/load.js';
import { compileParamValidator, createAjv } from './src/spec/validate.js';
import { readRequestParams } from './src/server/request-params.js';
const spec = loadSpec(); const ajv = createAjv();
const op = spec.operations.find((o) => o.operationId === 'sendMessageApi')!;
const v = compileParamValidator(ajv, op);
const text = new URLSearchParams({ token: '4f1c1d1e-8f0a-4b7e-9b1a-2f3c4d5e6f70', msgtitle: '关于期末考试安排的通知', msgType: '1', msgContent: '请各位同学于本周五前登录教务系统确认考试时间与考场。', sendStatus: '1', sendChannel: 'Portal,Mail', sendMode: 'normal', receivers: JSON.stringify([{ type: 'User', userId: '20230001', name: '张三' }, { type: 'User', userId: '20230002', name: '李四' }]) }).toString();
const N = 50000;
const bodies = Array.from({ length: N }, () => Buffer.from(text));
let tp = 0n, tv = 0n;
for (let round = 0; round < 2; round++) { tp = 0n; tv = 0n;
for (let i = 0; i < N; i++) {
  const t0 = process.hrtime.bigint();
  const raw = readRequestParams(op, '/message/sendMessageApi', 'application/x-www-form-urlencoded', bodies[i]).params;
  const t1 = process.hrtime.bigint();
  const r = v(raw);
  const t2 = process.hrtime.bigint();
  if (!r.ok) throw new Error(JSON.stringify(r));
  tp += t1 - t0; tv += t2 - t1;
}
console.log('fresh: params', (Number(tp) / N / 1000).toFixed(2), 'µs  validate', (Number(tv) / N / 1000).toFixed(2), 'µs'); }
