// Generated from openapi.yaml by scripts/client-api-types.ts (npm run build writes it); do not edit.
// test/unit/client-coverage.test.ts fails when this file and openapi.yaml disagree.

// 5.1.1 getThirdAPITokenByGet: GET /msg/getThirdAPIToken, 获取凭证 (5.1.1, GET)

export type GetThirdAPITokenByGetParams = Record<string, never>;

export interface GetThirdAPITokenByGetResult {
  token: string;
}

/** The rspCodes openapi.yaml lists for getThirdAPITokenByGet besides success. */
export type GetThirdAPITokenByGetErrorCode = '500001' | '500002' | '999999';

// 5.1.1 getThirdAPIToken: POST /msg/getThirdAPIToken, 获取凭证 (5.1.1)

export type GetThirdAPITokenParams = Record<string, never>;

export interface GetThirdAPITokenResult {
  token: string;
}

/** The rspCodes openapi.yaml lists for getThirdAPIToken besides success. */
export type GetThirdAPITokenErrorCode = '500001' | '500002' | '999999';

// 5.2.1 getPublicList: POST /message/getPublicList, 获取微信服务号绑定模板列表 (5.2.1)

export type GetPublicListParams = Record<string, never>;

export interface GetPublicListItem {
  /** 应用ID（调用方ID） */
  appId: string;
  /** 公众平台的名称 */
  publicName: string;
  /** 公众平台的ID（5.2.2、5.3.3中需要使用） */
  publicId: string;
  /** 备注 */
  remark: string;
  /** 状态：1可用，2不可用 */
  status: '1' | '2';
}

export type GetPublicListResult = GetPublicListItem[];

/** The rspCodes openapi.yaml lists for getPublicList besides success. */
export type GetPublicListErrorCode = '500001' | '500003' | '600001' | '600002' | '999999';

// 5.2.2 getTemplateList: POST /message/getTemplateList, 获取微信服务号模板信息 (5.2.2)

export interface GetTemplateListParams {
  /** 公众平台的ID（5.2.1获取公众平台绑定信息接口中获取的publicId）；为空时返回600005 */
  publicId: string;
}

export interface GetTemplateListItem {
  /** 模版ID（5.3.3中需要使用） */
  template_id: string;
  /** 标题 */
  title: string;
  /** 第一行业 */
  primary_industry: string;
  /** 第二行业 */
  deputy_industry: string;
  /** 内容（含{{first.DATA}}、{{keywordN.DATA}}、{{remark.DATA}}占位符，5.3.3的data需要按照该内容一一对应） */
  content: string;
  /** 事例 */
  example: string;
}

export type GetTemplateListResult = GetTemplateListItem[];

/** The rspCodes openapi.yaml lists for getTemplateList besides success. */
export type GetTemplateListErrorCode = '500001' | '500003' | '600000' | '600001' | '600002' | '600005' | '600011' | '600022' | '999999';

// 5.2.3 replyMessage: POST /message/replyMessage, 获取消息回复信息 (5.2.3)

export interface ReplyMessageParams {
  /** 获取的回复记录数，默认100条，支持1到100整数；拉取的记录进行删除 */
  count?: number;
}

export interface ReplyMessageItem {
  /** 回复内容 */
  content: string;
  /** 回复时间，格式yyyy-MM-dd HH:mm:ss（中国标准时间），如2018-01-01 15:00:00 */
  time: string;
  /** 消息标识，最大长度36 */
  msgId: string;
  /** 用户标识（工号/学号/手机号） */
  user: string;
}

export type ReplyMessageResult = ReplyMessageItem[];

/** The rspCodes openapi.yaml lists for replyMessage besides success. */
export type ReplyMessageErrorCode = '500001' | '500003' | '999999';

// 5.2.4 getProgress: POST /message/getProgress, 获取消息发送结果 (5.2.4)

export interface GetProgressParams {
  /** 消息标识，通过消息发送类型中的接口（5.3.1、5.3.2）获取到的msgId */
  msgId: string;
}

export interface GetProgressResult {
  /** 总数 */
  total: number;
  /** 状态：0未发送，1发送完毕，2正在发送 */
  state: '0' | '1' | '2';
  /** 成功数 */
  successCount: number;
  /** 失败数 */
  failCount: number;
  /** 失败用户列表 */
  failUserList: {
    /** 发送失败人员的标识（工号/学号/手机号） */
    user: string;
    /** 失败原因；同一人员有多个提示信息时合并在一个字符串中 */
    cause: string;
  }[];
}

/** The rspCodes openapi.yaml lists for getProgress besides success. */
export type GetProgressErrorCode = '500001' | '500003' | '500005' | '999999';

// 5.2.5 getUserMessageCount: POST /api/message/user/count, 获取用户消息统计 (5.2.5)

export interface GetUserMessageCountParams {
  /** 用户账号（学工号） */
  account: string;
  /** 类型：1通知，4待办（不传入类型时统计所有类型的消息） */
  type?: '1' | '4';
}

export interface GetUserMessageCountResult {
  /** 未读数（通知消息统计） */
  unread: number;
  /** 已读数（通知消息统计） */
  read: number;
  /** 已办数（待办消息统计） */
  checked: number;
  /** 待办数（待办消息统计） */
  todo: number;
  /** 处理中数（预留字段不做使用） */
  processing: number;
  /** 已完结数（预留字段不做使用） */
  initiated: number;
  /** 消息总数（所有类型总计） */
  total: number;
}

/** The rspCodes openapi.yaml lists for getUserMessageCount besides success. */
export type GetUserMessageCountErrorCode = '400002' | '500001' | '500003' | '999999';

// 5.2.6 getUserMessageList: POST /api/message/user/list, 获取用户消息摘要 (5.2.6)

export interface GetUserMessageListParams {
  /** 用户账号（学工号） */
  account: string;
  /** 页码（从1开始） */
  page: number;
  /** 标题，用于搜索标题 */
  search?: string;
  /** 每页大小，每页最大100 */
  size: number;
  /** 类型：1待办，2已办，3未读，4已读（不传入类型时返回所有类型的消息） */
  type?: '1' | '2' | '3' | '4';
}

export interface GetUserMessageListResult {
  /** 消息总数 */
  total: number;
  /** 消息摘要列表 */
  msglist: {
    /** 标识 */
    id: string;
    /** 标题 */
    title: string;
    /** 消息类别：1通知，4待办 */
    type: '1' | '4';
    /** 发送时间，格式yyyy-MM-dd HH:mm（中国标准时间） */
    time: string;
    /** 状态：1已读，2未读，3已办理，4待处理。文档示例中为"0"，而表中只定义了1–4（文档自相矛盾），故"0"也允许。 */
    state: '0' | '1' | '2' | '3' | '4';
    /** 来源 */
    source: string;
    /** PC门户跳转URL，用于跳转到消息详情 */
    url: string;
    /** 移动跳转URL，用于跳转到消息详情 */
    murl: string;
  }[];
}

/** The rspCodes openapi.yaml lists for getUserMessageList besides success. */
export type GetUserMessageListErrorCode = '400002' | '500001' | '500003' | '999999';

// 5.3.1 sendMessageApi: POST /message/sendMessageApi, 通用发送消息 (5.3.1)

export interface SendMessageApiParams {
  /** 消息标题，长度不超过100 */
  msgtitle: string;
  /** 消息类型：0图文，1文字，2外链 */
  msgType: '0' | '1' | '2';
  /** 消息内容，支持html标签；短信模式下禁止使用【】符号作为短信签名（如【研发部】），如需签名请改为〖〗（如〖研发部〗）。 消息类型为2（外链）时必须是http或https请求地址。 */
  msgContent: string;
  /** 发送状态：1实时发送，2定时消息 */
  sendStatus: '1' | '2';
  /** 发送渠道：WeChat微信（企业微信）、DingTalk钉钉、Mail邮件、SMS短信、IntelligenceMode智能模式、Portal站内信。 多个渠道用英文逗号隔开。 */
  sendChannel: string;
  /** 发送模式：normal普通模式 */
  sendMode: 'normal';
  /** 接收人信息，JSON数组字符串。type：接收人类型，默认为User；userId：学工号；name：接收人名称。 示例：[{"type":"User","userId":"12345","name":"接受人1"},{"type":"User","userId":"12346","name":"接受人2"}] (Sent as JSON text.) */
  receivers: {
    type?: 'User';
    userId: string;
    name?: string;
  }[];
  /** 消息类别：1通知，4待办（待办时waitLink必填） */
  sendMsgType?: '1' | '4';
  /** 消息摘要，最大长度255 */
  summary?: string;
  /** 封面图片URL地址，最大长度100 */
  iconUrl?: string;
  /** 发送时间，格式yyyy-MM-dd HH:mm:ss（中国标准时间）。sendStatus为2（定时消息）时必填， 且必须大于系统当前时间10分钟以上（该规则由业务逻辑校验）。 */
  sendTime?: string;
  /** 是否开启回复：0不可回复，1可回复（开启后可调用5.2.3获取回复） */
  isReply?: '0' | '1';
  /** 页面的跳转地址（默认链接），消息类别为4（待办）时必填，最大长度1024 */
  waitLink?: string;
  /** PC端跳转页面URL，最大长度1024 */
  pcUrl?: string;
}

export interface SendMessageApiResult {
  /** 消息ID，消息的唯一标识 */
  msgId: string;
  /** 是否有未订阅的人：0无，1有 */
  noSubscribeStatus: '0' | '1';
  /** 当noSubscribeStatus=1时，为消息发送范围内的所有未订阅人员的列表；否则为空数组 */
  noSubscribeList: {
    /** 接收人类型，默认为User */
    type: string;
    /** 学工号 */
    userId: string;
    /** 接收人名称 */
    userName: string;
  }[];
}

/** The rspCodes openapi.yaml lists for sendMessageApi besides success. */
export type SendMessageApiErrorCode = '100011' | '500001' | '500002' | '500003' | '500007' | '500010' | '500011' | '500012' | '500013' | '500014' | '500015' | '999999';

// 5.3.2 sendMessageBySMSApi: POST /message/sendMessageBySMSApi, 发送短信消息 (5.3.2)

export interface SendMessageBySMSApiParams {
  /** 消息内容；短信内容禁止使用【】符号进行短信签名（如【研发部】），如需签名请改为〖〗（如〖研发部〗） */
  msgContent: string;
  /** 接收人，JSON数组字符串，数组对象属性：mobile手机号，name接收人姓名。 示例：[{"name":"示例姓名1","mobile": "18612345678"},{"name":"示例姓名2","mobile": "13912345678"}] (Sent as JSON text.) */
  receivers: {
    name?: string;
    mobile: string;
  }[];
}

export interface SendMessageBySMSApiResult {
  /** 消息ID，消息的唯一标识 */
  msgId: string;
}

/** The rspCodes openapi.yaml lists for sendMessageBySMSApi besides success. */
export type SendMessageBySMSApiErrorCode = '100011' | '500001' | '500003' | '500010' | '500012' | '500013' | '500014' | '999999';

// 5.3.3 sendTemplateApi: POST /message/sendTemplateApi, 发送微信服务号模板消息 (5.3.3)

export interface SendTemplateApiParams {
  /** 用户账号（学工号）；为空时返回600004 */
  userId: string;
  /** 公众平台的唯一ID（5.2.1中获取）；为空时返回600005 */
  publicId: string;
  /** 消息类别：1通知，2待办 */
  messageType: '1' | '2';
  /** 模版ID（5.2.2中获取）；为空时返回600006 */
  templateId: string;
  /** 点击模版消息跳转的页面，可以是oauth地址 */
  url: string;
  /** PC端跳转页面URL；已经废弃暂不使用：接受并忽略，不检查长度（文档原写“最大长度255”） @deprecated */
  pcUrl?: string;
  /** 发送内容，需与5.2.2中模板content的占位符一一对应：data.keywordN.value为keywordN对应的值； first、remark可选。为空或结构不合法时返回600006；某一项没有value（或value为null）视为缺少该项，缺少模板的keyword时返回600007。 */
  data: Record<string, {
    value?: string;
    color?: string;
  }>;
}

export interface SendTemplateApiResult {
  /** 消息ID，消息的唯一标识 */
  messageId: string;
  /** 发送状态：0成功，1失败 */
  status: '0' | '1';
  /** 发送状态描述（中文） */
  info: string;
}

/** The rspCodes openapi.yaml lists for sendTemplateApi besides success. */
export type SendTemplateApiErrorCode = '500001' | '500003' | '500010' | '600000' | '600001' | '600002' | '600003' | '500013' | '500015' | '600004' | '600005' | '600006' | '600007' | '600008' | '600011' | '600022' | '600024' | '999999';

// 5.3.4 cardMessage: POST /message/cardMessage, 发送企业微信卡片消息 (5.3.4)

export interface CardMessageParams {
  /** 用户的列表，多个用户使用|（或全角｜）分隔 */
  userList: string;
  /** 标题，不超过128个字节（UTF-8），超过会自动截断 */
  title: string;
  /** 描述，不超过512个字节（UTF-8），超过会自动截断；可含企业微信文本卡片支持的div标签 */
  description: string;
  /** 点击后跳转的链接，最长2048字节（UTF-8），必须包含协议头（http/https） */
  url: string;
  /** 按钮文字，默认为“详情”，不超过4个文字，超过自动截断 */
  btnTxt?: string;
}

export type CardMessageResult = null;

/** The rspCodes openapi.yaml lists for cardMessage besides success. */
export type CardMessageErrorCode = '500001' | '500003' | '500010' | '500013' | '999999';

// 5.4.1 checkMessageStatusApi: POST /message/checkMessageStatusApi, 待办消息确认 (5.4.1)

export interface CheckMessageStatusApiParams {
  /** 消息唯一标识（5.3.1的msgId或5.3.3的messageId） */
  msgId: string;
  /** 消息类型：确认微信服务号模板消息时设置成2，其他情况填1或者不填 */
  messageType?: '1' | '2';
  /** 整个流程状态：1待办理，2已办理 */
  state: '1' | '2';
}

export type CheckMessageStatusApiResult = null;

/** The rspCodes openapi.yaml lists for checkMessageStatusApi besides success. */
export type CheckMessageStatusApiErrorCode = '500001' | '500003' | '500005' | '500006' | '500008' | '600002' | '600009' | '600010' | '600023' | '999999';

/** Per operationId: what the caller gives, what a success returns (resultData), the codes it may refuse with. */
export interface ApiOperations {
  getThirdAPITokenByGet: { params: GetThirdAPITokenByGetParams; result: GetThirdAPITokenByGetResult; errorCode: GetThirdAPITokenByGetErrorCode };
  getThirdAPIToken: { params: GetThirdAPITokenParams; result: GetThirdAPITokenResult; errorCode: GetThirdAPITokenErrorCode };
  getPublicList: { params: GetPublicListParams; result: GetPublicListResult; errorCode: GetPublicListErrorCode };
  getTemplateList: { params: GetTemplateListParams; result: GetTemplateListResult; errorCode: GetTemplateListErrorCode };
  replyMessage: { params: ReplyMessageParams; result: ReplyMessageResult; errorCode: ReplyMessageErrorCode };
  getProgress: { params: GetProgressParams; result: GetProgressResult; errorCode: GetProgressErrorCode };
  getUserMessageCount: { params: GetUserMessageCountParams; result: GetUserMessageCountResult; errorCode: GetUserMessageCountErrorCode };
  getUserMessageList: { params: GetUserMessageListParams; result: GetUserMessageListResult; errorCode: GetUserMessageListErrorCode };
  sendMessageApi: { params: SendMessageApiParams; result: SendMessageApiResult; errorCode: SendMessageApiErrorCode };
  sendMessageBySMSApi: { params: SendMessageBySMSApiParams; result: SendMessageBySMSApiResult; errorCode: SendMessageBySMSApiErrorCode };
  sendTemplateApi: { params: SendTemplateApiParams; result: SendTemplateApiResult; errorCode: SendTemplateApiErrorCode };
  cardMessage: { params: CardMessageParams; result: CardMessageResult; errorCode: CardMessageErrorCode };
  checkMessageStatusApi: { params: CheckMessageStatusApiParams; result: CheckMessageStatusApiResult; errorCode: CheckMessageStatusApiErrorCode };
}

export type OperationId = keyof ApiOperations;

/** How one operation travels: the parameters named in `query` go in the URL, the others in the body. */
export interface ApiRoute {
  /** The document's section (5.3.1). */
  section: string;
  method: 'GET' | 'POST';
  path: string;
  query: readonly string[];
  body: 'form' | 'json' | 'none';
  /** Form parameters sent as JSON text (receivers). */
  jsonText: readonly string[];
  /** The success rspCode ("1" for 5.3.2). */
  success: string;
  /** Every rspCode openapi.yaml lists for it, success included. */
  codes: readonly string[];
}

export const API_OPERATIONS: { readonly [K in OperationId]: ApiRoute } = {
  getThirdAPITokenByGet: {
    section: '5.1.1',
    method: 'GET',
    path: '/msg/getThirdAPIToken',
    query: ['appId', 'appPassword'],
    body: 'none',
    jsonText: [],
    success: '000000',
    codes: ['000000', '500001', '500002', '999999'],
  },
  getThirdAPIToken: {
    section: '5.1.1',
    method: 'POST',
    path: '/msg/getThirdAPIToken',
    query: ['appId', 'appPassword'],
    body: 'none',
    jsonText: [],
    success: '000000',
    codes: ['000000', '500001', '500002', '999999'],
  },
  getPublicList: {
    section: '5.2.1',
    method: 'POST',
    path: '/message/getPublicList',
    query: ['token'],
    body: 'none',
    jsonText: [],
    success: '000000',
    codes: ['000000', '500001', '500003', '600001', '600002', '999999'],
  },
  getTemplateList: {
    section: '5.2.2',
    method: 'POST',
    path: '/message/getTemplateList',
    query: ['token', 'publicId'],
    body: 'none',
    jsonText: [],
    success: '000000',
    codes: ['000000', '500001', '500003', '600000', '600001', '600002', '600005', '600011', '600022', '999999'],
  },
  replyMessage: {
    section: '5.2.3',
    method: 'POST',
    path: '/message/replyMessage',
    query: [],
    body: 'form',
    jsonText: [],
    success: '000000',
    codes: ['000000', '500001', '500003', '999999'],
  },
  getProgress: {
    section: '5.2.4',
    method: 'POST',
    path: '/message/getProgress',
    query: [],
    body: 'form',
    jsonText: [],
    success: '000000',
    codes: ['000000', '500001', '500003', '500005', '999999'],
  },
  getUserMessageCount: {
    section: '5.2.5',
    method: 'POST',
    path: '/api/message/user/count',
    query: [],
    body: 'form',
    jsonText: [],
    success: '000000',
    codes: ['000000', '400002', '500001', '500003', '999999'],
  },
  getUserMessageList: {
    section: '5.2.6',
    method: 'POST',
    path: '/api/message/user/list',
    query: [],
    body: 'form',
    jsonText: [],
    success: '000000',
    codes: ['000000', '400002', '500001', '500003', '999999'],
  },
  sendMessageApi: {
    section: '5.3.1',
    method: 'POST',
    path: '/message/sendMessageApi',
    query: [],
    body: 'form',
    jsonText: ['receivers'],
    success: '000000',
    codes: ['000000', '100011', '500001', '500002', '500003', '500007', '500010', '500011', '500012', '500013', '500014', '500015', '999999'],
  },
  sendMessageBySMSApi: {
    section: '5.3.2',
    method: 'POST',
    path: '/message/sendMessageBySMSApi',
    query: [],
    body: 'form',
    jsonText: ['receivers'],
    success: '1',
    codes: ['1', '100011', '500001', '500003', '500010', '500012', '500013', '500014', '999999'],
  },
  sendTemplateApi: {
    section: '5.3.3',
    method: 'POST',
    path: '/message/sendTemplateApi',
    query: [],
    body: 'json',
    jsonText: [],
    success: '000000',
    codes: ['000000', '500001', '500003', '500010', '600000', '600001', '600002', '600003', '500013', '500015', '600004', '600005', '600006', '600007', '600008', '600011', '600022', '600024', '999999'],
  },
  cardMessage: {
    section: '5.3.4',
    method: 'POST',
    path: '/message/cardMessage',
    query: [],
    body: 'json',
    jsonText: [],
    success: '000000',
    codes: ['000000', '500001', '500003', '500010', '500013', '999999'],
  },
  checkMessageStatusApi: {
    section: '5.4.1',
    method: 'POST',
    path: '/message/checkMessageStatusApi',
    query: [],
    body: 'form',
    jsonText: [],
    success: '000000',
    codes: ['000000', '500001', '500003', '500005', '500006', '500008', '600002', '600009', '600010', '600023', '999999'],
  },
};
