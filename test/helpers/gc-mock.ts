/**
 * A mock in a process of its own, started by forkGcMock with the collector exposed, for tests that
 * measure what the mock keeps: it answers over HTTP like any mock, and on the message 'heap' collects
 * and tells its heap in use. UMC_SCENARIO names the scenario (default: default).
 */
import { loadScenario } from '../../src/store/scenarios.js';
import { startTestMock } from './mock.js';

const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('gc-mock.ts needs node --expose-gc');
const mock = await startTestMock({ teardown: () => undefined }, { scenario: loadScenario(process.env.UMC_SCENARIO ?? 'default', { seed: 1 }) });
process.on('message', (message) => {
  if (message !== 'heap') return;
  // Twice: what the first collection frees can let a second free more.
  collect();
  collect();
  process.send!({ heapUsed: process.memoryUsage().heapUsed });
});
// The test that forked it is gone: so is the mock.
process.on('disconnect', () => void mock.close().then(() => process.exit(0)));
process.send!({ url: mock.url });
