// startMock() twice in one fresh process, from the compiled package (as `import 'umc-kit'` gives it):
// each start timed until its first 5.1.1 token call is answered. Prints one JSON line.
const TOKEN_PATH = '/msg/getThirdAPIToken?appId=MSG123456&appPassword=MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWY';

async function timedStart(startMock) {
  const started = performance.now();
  const mock = await startMock({ seed: 1 });
  await (await fetch(mock.url + TOKEN_PATH)).text();
  const ms = performance.now() - started;
  await mock.close();
  return ms;
}

const imported = performance.now();
const { startMock } = await import('../../dist/src/index.js');
const importMs = performance.now() - imported;
const firstMs = await timedStart(startMock);
const secondMs = await timedStart(startMock);
process.stdout.write(`${JSON.stringify({ importMs, firstMs, secondMs })}\n`);
