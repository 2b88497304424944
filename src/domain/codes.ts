/**
 * The platform's one catalogue of rspCodes (表4-1-2), with the rspMsg each answers: the table's
 * text, as a servlet's code enum would hold it (src/domain/codes.test.ts compares it with
 * x-umc-document-codes, the table as printed). Three entries are not the table's 说明 column:
 * the two successes carry the rspMsg of the document's response examples, and 500001's text
 * describes the code ("参数校验有误时，返回该返回码"); its rspMsg names the field instead.
 * openapi.yaml's x-rsp-codes must agree with it (test/unit/spec.test.ts checks both ways).
 */
export const RSP_CODES = {
  '000000': '操作完成',
  '1': '操作成功！',
  '100011': '发送短信额度不足',
  '400002': '应用未激活此接口',
  '500001': '参数校验有误',
  '500002': '无效的应用ID或密钥；应用为禁用状态',
  '500003': '无效的请求凭证',
  '500005': '无效的 msgId 参数',
  '500006': '无效的待办消息',
  '500007': '不存在订阅的人员数据',
  '500008': '待办/任务消息后台未处理完成，无法修改消息状态',
  '500010': '未开通发送渠道的权限',
  '500011': '使用智能模式未开通至少一个渠道',
  '500012': '不合法的请求内容',
  '500013': '消息具有敏感词汇',
  '500014': '渠道已关闭',
  '500015': '重复发送待办/任务消息',
  '600000': '对应的公众平台不存在',
  '600001': '微信公众号获取数据失败',
  '600002': '公众号TOKEN失效',
  '600003': '系统不存在对应的公众平台人员标识',
  '600004': '人员信息不能为空',
  '600005': '公众平台信息不能为空',
  '600006': '模版消息不能为空',
  '600007': '缺少对应的keyword的参数',
  '600008': '对应的模版消息不存在',
  '600009': '当前模版消息不是待办类型，不能调整办理状态',
  '600010': '模版消息办理状态相同不需要调整',
  '600011': '公众平台已禁用',
  '600020': '第三方应用不存在',
  '600021': '包含不存在的第三方应用',
  '600022': '没有发送的当前公众号的权利,请联系管理员进行绑定',
  '600023': '不是当前平台发送的模版信息',
  '600024': '当前平台已经取消订阅',
  '999999': '其他异常信息',
} as const;

export type RspCode = keyof typeof RSP_CODES;

export function isRspCode(code: string): code is RspCode {
  return Object.prototype.hasOwnProperty.call(RSP_CODES, code);
}
