// A session of requests as real clients of the platform write them (SPEC-NOTES.md §1): the token by GET,
// hand-built form bodies with raw brackets, quotes and spaces, receivers without name or type, the
// token in the URL of a JSON operation, the credentials in a POST's form body, Postman's form-data tab.
// Each one is accepted by the platform; test/prism-proxy.test.ts sends them through a validating proxy.
import { DEMO_APP } from './mock.js';
import { ACCOUNTS, TEMPLATES } from './wechat.js';

/** What earlier answers gave the later requests. */
export interface Session {
  token: string;
  /** The 5.3.1 todo's msgId (5.2.4, 5.4.1). */
  msgId: string;
}

export interface RealClientCall {
  /** What the client does, and who does it. */
  habit: string;
  method: 'GET' | 'POST';
  /** Path and query string, written as the client writes them. */
  target(s: Session): string;
  /** The body and its Content-Type (none for FormData: fetch writes multipart's boundary itself). */
  body?(s: Session): { contentType?: string; payload: string | FormData };
  /** Platform seconds to move the clock by first (on the mock's control plane, not through a proxy). */
  advanceFirst?: number;
  /** What later calls need from the answer. */
  keep?(s: Session, json: any): void;
}

const form = (text: string) => ({ contentType: 'application/x-www-form-urlencoded', payload: text });
const json = (value: unknown) => ({ contentType: 'application/json', payload: JSON.stringify(value) });
const credentials = `appId=${DEMO_APP.appId}&appPassword=${DEMO_APP.appPassword}`;
const keepToken = (s: Session, answer: any) => {
  if (answer?.resultData?.token) s.token = answer.resultData.token;
};
const templateData = { keyword1: { value: 'OA办公系统' }, keyword2: { value: '办公用品申领' }, keyword3: { value: '记事本办公用品申领' }, keyword4: { value: '肖贾' }, keyword5: { value: '领导审批' } };

/** The session, in order: every call is accepted (the operation's success code) on a fresh default-scenario mock. */
export const REAL_CLIENT_CALLS: RealClientCall[] = [
  { habit: '5.1.1 by GET, credentials in the query: what real clients do (the document says POST)', method: 'GET', target: () => `/msg/getThirdAPIToken?${credentials}`, keep: keepToken },
  { habit: "5.1.1 by POST as the document writes it: URL传参, no body, no content-type", method: 'POST', target: () => `/msg/getThirdAPIToken?${credentials}`, keep: keepToken },
  { habit: "5.1.1 by POST, credentials in a form body (Postman's x-www-form-urlencoded tab): the servlet reads them as parameters", method: 'POST', target: () => '/msg/getThirdAPIToken', body: () => form(credentials), keep: keepToken },
  { habit: '5.2.1 with the token in the URL and no body, as the document says', method: 'POST', target: (s) => `/message/getPublicList?token=${s.token}` },
  { habit: '5.2.2 with token and publicId in the URL and no body', method: 'POST', target: (s) => `/message/getTemplateList?token=${s.token}&publicId=${ACCOUNTS.main}` },
  {
    habit: '5.3.1 with a hand-built form body: raw brackets, quotes and spaces unescaped, a receiver without name or type',
    method: 'POST',
    target: () => '/message/sendMessageApi',
    body: (s) =>
      form(
        `token=${s.token}&msgtitle=选课提醒&msgType=1&msgContent=请于周五前完成选课&sendStatus=1&sendChannel=SMS,Portal&sendMode=normal&sendMsgType=4&waitLink=https://jw.example.edu.cn/todo/1&isReply=1` +
          '&receivers=[{"type":"User","userId":"20230001","name": "张三"},{"userId":"20230003"}]',
      ),
    keep: (s, answer) => {
      s.msgId = answer?.resultData?.msgId;
    },
  },
  {
    habit: "5.3.1 as multipart/form-data (Postman's form-data tab): Spring Boot reads its fields as parameters",
    method: 'POST',
    target: () => '/message/sendMessageApi',
    body: (s) => {
      const data = new FormData();
      for (const [name, value] of Object.entries({ token: s.token, msgtitle: '停电通知', msgType: '1', msgContent: '周六8:00至12:00停电', sendStatus: '1', sendChannel: 'Portal', sendMode: 'normal', receivers: '[{"userId":"20230001"}]' })) data.append(name, value);
      return { payload: data };
    },
  },
  {
    habit: '5.3.2 with a hand-built form body, the receivers JSON with a space after the colon',
    method: 'POST',
    target: () => '/message/sendMessageBySMSApi',
    body: (s) => form(`token=${s.token}&msgContent=〖教务处〗您的报名已受理&receivers=[{"name": "李四","mobile":"13912345678"}]`),
  },
  {
    habit: '5.3.3 with the token in the JSON body, as the document writes it',
    method: 'POST',
    target: () => '/message/sendTemplateApi',
    body: (s) => json({ token: s.token, userId: '20230001', publicId: ACCOUNTS.main, messageType: '1', templateId: TEMPLATES.approval, url: 'https://www.vanytech.com', data: templateData }),
  },
  {
    habit: "5.3.3 with the token in the URL and the rest in the JSON body (the docs page's Try it out; umc-contract's raw-body cases)",
    method: 'POST',
    target: (s) => `/message/sendTemplateApi?token=${s.token}`,
    body: () => json({ userId: '20230002', publicId: ACCOUNTS.main, messageType: '1', templateId: TEMPLATES.approval, url: 'https://www.vanytech.com', data: templateData }),
  },
  {
    habit: '5.3.4 with the token in the URL and the card in the JSON body',
    method: 'POST',
    target: (s) => `/message/cardMessage?token=${s.token}`,
    body: () => json({ userList: '20230001|20230002', title: '通知', description: '<div class="gray">2021年06月17日</div>', url: 'https://www.example.edu.cn/s?ie=UTF-8&wd=baidu', btnTxt: '更多数据' }),
  },
  { habit: '5.2.4 with a form body, once delivery has ended', method: 'POST', advanceFirst: 5, target: () => '/message/getProgress', body: (s) => form(`token=${s.token}&msgId=${s.msgId}`) },
  { habit: '5.2.3 with count in a form body', method: 'POST', target: () => '/message/replyMessage', body: (s) => form(`token=${s.token}&count=10`) },
  { habit: '5.2.5 with a form body', method: 'POST', target: () => '/api/message/user/count', body: (s) => form(`token=${s.token}&account=20230001&type=4`) },
  { habit: '5.2.6 with a form body', method: 'POST', target: () => '/api/message/user/list', body: (s) => form(`token=${s.token}&account=20230001&page=1&size=10&search=选课`) },
  { habit: '5.4.1 marks the 5.3.1 todo done, messageType left out as the document allows', method: 'POST', target: () => '/message/checkMessageStatusApi', body: (s) => form(`token=${s.token}&msgId=${s.msgId}&state=2`) },
];
