import { postJson, request, type Answer } from './mock.js';

/** The default scenario's official accounts (fixtures/default/official-accounts.json). */
export const ACCOUNTS = {
  /** 示例大学服务号: bound to MSG123456 and MSG200001. */
  main: 'c3cbcaaa-88f4-466c-b7ce-dd7e07f20b75',
  /** 示例大学研究生院: bound to MSG123456. */
  graduate: '4b6d4ab9-7aca-4265-8322-4a2d029e1086',
  /** 示例大学旧服务号: disabled (status 2), bound to MSG123456. */
  disabled: 'd2e5c446-b7fd-421e-8bad-d5d6915207ff',
  /** 示例大学图书馆: bound to no app. */
  unbound: '5f3a9c2e-1b7d-4e8a-9c6f-2a4b8d0e1f37',
  /** 示例大学后勤服务: fault tokenLost, bound to MSG200001. */
  tokenLost: '8a1d4c7e-6f2b-4b9a-8e3d-5c7f9a1b2d4e',
  /** 示例大学校友会: fault fetchFailed, bound to MSG200001. */
  fetchFailed: 'b3e6f9a2-4d8c-4f1e-a7b5-9d2c6e8f0a13',
} as const;

/** The main account's templates. */
export const TEMPLATES = {
  /** 待办审批提醒: keyword1–5 */
  approval: 'KlCgLbMhWp8dyXoQAo15tSLiYCWTiiUcNplfEWSKcUE',
  /** 成绩发布通知: keyword1–3 */
  grades: '6ombYXUhDTm_y9IUfpD011RvlQCy2dsxWWHNCCI8VAh',
  /** The graduate account's 待办审批提醒 (not the main account's). */
  graduateApproval: 'hLvE9RSVGrNHCBFHkbAgTjaaFLH8sS66Z7Wu8K3EyS4',
} as const;

export const OTHER_APP = { appId: 'MSG200001', appPassword: 'OGYxNGU0NWZjZWVhMTY3YTVhMzZkZWRkNGJlYTI1NDM' };

/** A 5.3.3 body that succeeds in the default scenario: the document's example, to 20230001 on the main account. */
export function templateBody(token: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    token,
    userId: '20230001',
    publicId: ACCOUNTS.main,
    messageType: '1',
    templateId: TEMPLATES.approval,
    url: 'https://www.vanytech.com',
    data: {
      keyword1: { value: 'OA办公系统' },
      keyword2: { value: '办公用品申领' },
      keyword3: { value: '记事本办公用品申领' },
      keyword4: { value: '肖贾' },
      keyword5: { value: '领导审批' },
    },
    ...overrides,
  };
}

export function sendTemplate(base: string, body: Record<string, unknown>): Promise<Answer> {
  return postJson(`${base}/message/sendTemplateApi`, body);
}

export function getPublicList(base: string, token: string): Promise<Answer> {
  return request(`${base}/message/getPublicList?token=${encodeURIComponent(token)}`, { method: 'POST' });
}

export function getTemplateList(base: string, token: string, publicId?: string): Promise<Answer> {
  const query = new URLSearchParams({ token, ...(publicId === undefined ? {} : { publicId }) });
  return request(`${base}/message/getTemplateList?${query}`, { method: 'POST' });
}
