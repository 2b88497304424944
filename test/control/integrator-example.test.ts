// The README's example of an integrator's own test: reset between tests, a fault, and wait instead of sleep.
import t from 'tap';
import { startMock } from 'umc-kit';

t.test('our notice service survives an SMS quota error and then delivers', async (t) => {
  // In-process, on a free port; for a mock started by `npx umc-mock`: new ControlClient('http://127.0.0.1:8010').
  const mock = await startMock({ seed: 1 });
  t.teardown(() => mock.close());
  const UMC = mock.url;

  // 1. A clean platform for this test.
  await mock.reset();

  // 2. The next SMS send answers 100011 (发送短信额度不足), once.
  await mock.faults.add({ operationId: 'sendMessageApi', rspCode: '100011', times: 1 });

  // 3. The system under test: get a token, send, retry once on 100011.
  const json = (res: Response) => res.json() as Promise<any>;
  const { resultData } = await json(await fetch(`${UMC}/msg/getThirdAPIToken?appId=MSG123456&appPassword=MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY`));
  const form = new URLSearchParams({
    token: resultData.token,
    msgtitle: '体检通知',
    msgType: '1',
    msgContent: '〖校医院〗请于本周五前完成体检',
    sendStatus: '1',
    sendChannel: 'SMS',
    sendMode: 'normal',
    receivers: '[{"type":"User","userId":"20230001","name":"张三"}]',
  });
  const send = () => fetch(`${UMC}/message/sendMessageApi`, { method: 'POST', body: form }).then(json);
  let answer = await send();
  if (answer.rspCode === '100011') answer = await send();
  t.equal(answer.rspCode, '000000');

  // 4. No sleeps: wait until the SMS reaches 张三's phone.
  const arrived = await mock.wait({ userId: '20230001', channel: 'SMS', timeoutMs: 5000 });
  t.equal(arrived.id, answer.resultData.msgId);

  // 5. Assert on what the platform received.
  const journal = await mock.journal({ operationId: 'sendMessageApi' });
  t.same(journal.requests.map((r) => r.rspCode), ['000000', '100011']);
});
