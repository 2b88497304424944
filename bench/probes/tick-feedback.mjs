// Loaded into a mock under bench (`node --import`): on SIGUSR2 it prints process.nextTick's feedback
// (V8's %DebugPrint) to stdout. Natives syntax is allowed only then, so the mock runs as it always does
// until asked. bench/tick-state.ts reads from it whether the process ran in the slow state.
import v8 from 'node:v8';

process.on('SIGUSR2', () => {
  v8.setFlagsFromString('--allow-natives-syntax');
  console.log('=== nextTick feedback');
  new Function('f', '%DebugPrint(f)')(process.nextTick);
  console.log('=== end');
});
