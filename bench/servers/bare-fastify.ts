/**
 * The baseline for bench/throughput.bench.ts, as issue 15 defines it: a bare Fastify server with
 * @fastify/formbody (so a form body is read into an object, as any Fastify app reading forms
 * would), answering the four benchmarked routes with a fixed body. Whatever the mock spends beyond
 * this is the price of the servlet's reading, validation, domain, envelope and journal.
 *
 * With SPIN_US=N it also burns N µs of CPU per request (a busy wait): a calibration that shows
 * what ratio a server doing N µs of work of its own reaches against the bare one, measured the
 * same way on the same machine.
 */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';

const TOKEN_BODY = '{"rspCode":"000000","rspMsg":"操作完成","resultData":{"token":"4f1c1d1e-8f0a-4b7e-9b1a-2f3c4d5e6f70"}}';
const SEND_BODY = '{"rspCode":"000000","rspMsg":"操作完成","resultData":{"msgId":"0b6c3a51-7c1e-4d8f-a0a2-63bb0e5e2c11","noSubscribeStatus":"0","noSubscribeList":[]}}';
const PROGRESS_BODY = '{"rspCode":"000000","rspMsg":"操作完成","resultData":{"total":2,"successCount":2,"failCount":0,"state":"1","failUserList":[]}}';
const LIST_BODY = '{"rspCode":"000000","rspMsg":"操作成功","resultData":{"total":0,"page":1,"size":20,"list":[]}}';
const CONTENT_TYPE = 'application/json;charset=UTF-8';

const SPIN_NS = BigInt(Math.round(Number(process.env.SPIN_US ?? 0) * 1000));

function spin(): void {
  if (SPIN_NS === 0n) return;
  const until = process.hrtime.bigint() + SPIN_NS;
  while (process.hrtime.bigint() < until);
}

const app = Fastify({ logger: false });
await app.register(formbody);
app.route({ method: ['GET', 'POST'], url: '/msg/getThirdAPIToken', handler: async (_req, reply) => (spin(), reply.header('content-type', CONTENT_TYPE).send(TOKEN_BODY)) });
app.post('/message/sendMessageApi', async (_req, reply) => (spin(), reply.header('content-type', CONTENT_TYPE).send(SEND_BODY)));
app.post('/message/getProgress', async (_req, reply) => (spin(), reply.header('content-type', CONTENT_TYPE).send(PROGRESS_BODY)));
app.post('/api/message/user/list', async (_req, reply) => (spin(), reply.header('content-type', CONTENT_TYPE).send(LIST_BODY)));

await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
