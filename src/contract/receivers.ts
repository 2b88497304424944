import { readFileSync } from 'node:fs';
import { ConfigError } from './options.js';
import type { Receivers } from './types.js';

const CHANNELS = /^(WeChat|DingTalk|Mail|SMS|IntelligenceMode|Portal)( *, *(WeChat|DingTalk|Mail|SMS|IntelligenceMode|Portal))*$/;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Reads the --receivers file: the test people (users), external mobiles, official account and
 * template that full mode may send to on a real deployment. Nothing else is ever sent to.
 */
export function loadReceiversFile(file: string): Receivers {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`--receivers 文件无法读取或不是合法的JSON：${file}：${(err as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`--receivers 文件必须是JSON对象：${file}`);
  const o = raw as Record<string, unknown>;
  const users = (Array.isArray(o.users) ? o.users : []).map((u, i) => {
    const userId = typeof u === 'string' ? str(u) : str((u as Record<string, unknown>)?.userId);
    if (!userId) throw new ConfigError(`--receivers users[${i}] 缺少userId`);
    return { userId, name: typeof u === 'object' ? str((u as Record<string, unknown>).name) : undefined };
  });
  const mobiles = (Array.isArray(o.mobiles) ? o.mobiles : []).map((m, i) => {
    const mobile = typeof m === 'string' ? str(m) : str((m as Record<string, unknown>)?.mobile);
    if (!mobile) throw new ConfigError(`--receivers mobiles[${i}] 缺少mobile`);
    return { mobile, name: typeof m === 'object' ? str((m as Record<string, unknown>).name) : undefined };
  });
  if (o.users !== undefined && !Array.isArray(o.users)) throw new ConfigError('--receivers users 必须是数组');
  if (o.mobiles !== undefined && !Array.isArray(o.mobiles)) throw new ConfigError('--receivers mobiles 必须是数组');
  if (users.length === 0 && mobiles.length === 0) throw new ConfigError('--receivers 至少要列出一个测试用户（users）或手机号（mobiles）');
  const sendChannel = str(o.sendChannel) ?? 'Portal';
  if (!CHANNELS.test(sendChannel)) throw new ConfigError(`--receivers sendChannel 不合法：${sendChannel}`);
  const templateUserId = str(o.templateUserId);
  if (templateUserId && !users.some((u) => u.userId === templateUserId)) throw new ConfigError('--receivers templateUserId 必须是users中列出的用户');
  return { users, mobiles, publicId: str(o.publicId), templateId: str(o.templateId), templateUserId, sendChannel, source: file };
}

const CONTACT_FIELDS = ['mobile', 'email', 'wecomId', 'dingtalkId'];

/** How many ways a directory person can be reached; official-account bindings count too. */
function reach(user: Record<string, unknown>): number {
  // The mock says which channels reach a person; otherwise count the contact fields present.
  const reachable = user.reachable && typeof user.reachable === 'object' ? Object.values(user.reachable).filter((v) => v === true).length : undefined;
  let score = reachable ?? CONTACT_FIELDS.filter((f) => str(user[f])).length;
  for (const [key, value] of Object.entries(user)) {
    if (/openid|official|subscri/i.test(key) && value && (typeof value !== 'object' || Object.keys(value).length > 0)) score++;
    if (/^(status|state)$/.test(key) && typeof value === 'string' && /disabled|inactive|left/.test(value)) score -= 100;
  }
  return score;
}

/** From the mock's directory: the person reachable on the most channels (ties: directory order), never one unsubscribed from the app. */
export function receiversFromDirectory(people: Record<string, unknown>[], appId?: string): Receivers {
  const ranked = people
    .filter((p) => str(p.userId))
    .filter((p) => !(appId && Array.isArray(p.unsubscribedApps) && p.unsubscribedApps.includes(appId)))
    .map((p, i) => ({ p, i, score: reach(p) }))
    .filter((x) => x.score >= 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((x) => x.p);
  const best = ranked[0];
  const users = best ? [{ userId: str(best.userId)!, name: str(best.name) }] : [];
  const mobile = best ? str(best.mobile) : undefined;
  return {
    users,
    mobiles: mobile ? [{ mobile, name: str(best!.name) }] : [],
    templateUserId: users[0]?.userId,
    templateCandidates: ranked.slice(0, 10).map((p) => str(p.userId)!),
    sendChannel: 'Portal',
    source: 'the mock directory (GET /__umc/users)',
  };
}
