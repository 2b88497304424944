// The log: at info, a line per request (secrets masked: test/control/secrets.test.ts); above info, no
// per-request lines, yet an unexpected error is still written, and the caller still gets 999999.
import { Writable } from 'node:stream';
import t from 'tap';
import { getToken, postForm, startTestMock } from '../helpers/mock.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

for (const level of ['info', 'warn'] as const) {
  t.test(`at ${level}: requests ${level === 'info' ? 'are' : 'are not'} logged; an unexpected error always is`, async (t) => {
    const log = capture();
    const mock = await startTestMock(t, { logger: { level, stream: log.stream } });
    const token = await getToken(mock.url);
    await postForm(`${mock.url}/message/getProgress`, { token, msgId: 'no-such-message' });
    const perRequest = log.lines.filter((l) => /request completed/.test(l));
    if (level === 'info') t.ok(perRequest.length >= 2, `a line per request (${perRequest.length})`);
    else t.equal(log.lines.length, 0, 'nothing per request above info');

    // A bug inside an operation: the caller gets the envelope, the log gets the error.
    mock.platform.messaging.progress = () => {
      throw new TypeError('simulated bug');
    };
    const answer = await postForm(`${mock.url}/message/getProgress`, { token, msgId: 'any' });
    t.equal(answer.status, 200);
    t.equal(answer.json.rspCode, '999999');
    const errors = log.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'unexpected error');
    t.equal(errors.length, 1);
    t.equal(errors[0].level, 50, 'at error level');
    t.equal(errors[0].operationId, 'getProgress');
    t.match(errors[0].error, { type: 'TypeError', message: 'simulated bug' });
    t.notMatch(log.lines.join(''), token, 'no token in the log');
  });
}

t.test('redaction reads parameter names as the servlet does: %61ppPassword is appPassword', async (t) => {
  const log = capture();
  const mock = await startTestMock(t, { logger: { level: 'info', stream: log.stream } });
  const secret = 'MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY';
  const answer = await fetch(`${mock.url}/msg/getThirdAPIToken?appId=MSG123456&%61ppPassword=${secret}&to%6Ben=${secret}x&APPPASSWORD=${secret}y`);
  t.equal(answer.status, 200);
  const text = log.lines.join('');
  t.match(text, /%61ppPassword=\*\*\*/, 'the encoded name is masked');
  t.notMatch(text, secret, 'no appPassword in the log, however it was spelled');
  const journal = await (await fetch(`${mock.url}/__umc/requests`)).text();
  t.notMatch(journal, secret, 'nor in the journal');
});

// An error Fastify hands its error handler (not one the core caught inside an operation) is logged
// through the core's logError at every level that writes errors: it went unlogged at info, debug
// and trace (issue 27), exactly the levels people debug with.
for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const) {
  t.test(`at ${level}: an unexpected error outside the core is answered 999999 and ${level === 'fatal' ? 'not written (fatal only)' : 'logged once, without a secret'}`, async (t) => {
    const log = capture();
    const mock = await startTestMock(t, { logger: { level, stream: log.stream } });
    const token = await getToken(mock.url);
    mock.core.call = () => {
      throw new TypeError('simulated framework bug');
    };
    const answer = await postForm(`${mock.url}/message/getProgress?token=${token}`, { token, msgId: 'any' });
    t.equal(answer.status, 200);
    t.equal(answer.json.rspCode, '999999');
    const errors = log.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'unexpected error');
    if (level === 'fatal') {
      t.equal(errors.length, 0, 'an error line is below fatal');
    } else {
      t.equal(errors.length, 1, 'one line');
      t.equal(errors[0].level, 50, 'at error level');
      t.equal(errors[0].operationId, 'getProgress');
      t.match(errors[0].error, { type: 'TypeError', message: 'simulated framework bug' });
    }
    t.notMatch(log.lines.join(''), token, 'no token in the log');
  });
}
