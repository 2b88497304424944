// The start-up baseline of bench/startup.bench.ts: plain JavaScript, node:http, one fixed answer.
// It reports its URL the way umc-mock's banner does, so both are timed alike.
import { createServer } from 'node:http';

const BODY = '{"rspCode":"000000","rspMsg":"操作完成","resultData":{"token":"4f1c1d1e-8f0a-4b7e-9b1a-2f3c4d5e6f70"}}';
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8' }).end(BODY));
server.listen(0, '127.0.0.1', () => process.stdout.write(`  API        http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
