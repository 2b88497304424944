// umc-contract's entry: the command line (src/cli/umc-contract.ts) with this suite's cases.
import { runContractCli } from '../src/cli/umc-contract.js';
import { allCases } from './index.js';

await runContractCli(allCases);
