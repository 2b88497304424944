import { startMock } from 'umc-kit';
const t0 = performance.now();
const m = await startMock({ seed: 1 });
const t1 = performance.now();
console.log(m.url, await m.clock.get(), (await m.faults.add({ operationId: 'sendMessageApi', rspCode: '100011', times: 1 })).id, await m.faults.list(), await m.reset(), (await m.journal()).total);
await m.close();
const t2 = performance.now();
const m2 = await startMock({ seed: 1 });
const t3 = performance.now();
await m2.close();
console.log('first', (t1 - t0).toFixed(0), 'second', (t3 - t2).toFixed(0));
try { await startMock({ port: 70000 }); } catch (e) { console.log('err', (e as Error).message); }
