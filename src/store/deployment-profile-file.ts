import { readFileSync } from 'node:fs';
import { deploymentChoices, type DeploymentChoices } from '../spec/deployment-choices.js';
import { parseProfile } from '../spec/deployment-profile.js';
import type { LoadedSpec } from '../spec/load.js';

/**
 * --profile FILE: a deployment's profile (umc-contract --save-profile) read into the choices
 * umc-mock answers by. Throws with a message naming the file: unreadable, not a profile, another
 * version, or (unless lenient) entries that contradict the document.
 */
export function loadDeploymentProfile(file: string, spec: LoadedSpec, lenient: boolean, canCheckFirst?: (operationId: string, rspCode: string) => boolean): DeploymentChoices {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`读不了档案 ${file}：${code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录' : (code ?? (err as Error).message)}`);
  }
  return deploymentChoices(parseProfile(text, file), spec, file, lenient, canCheckFirst);
}
