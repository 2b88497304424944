import { isHtml, oneLine } from './checks.js';
import { ConfigError } from './options.js';
import { UnreachableError } from './target.js';
import type { Exchange } from './types.js';

/** How an answer that is not this API looks, in one line: the redirect's Location, or the page's title. */
function describe(ex: Exchange): string {
  const where = `${ex.request.method} ${ex.request.url}`;
  if (ex.status !== undefined && ex.status >= 300 && ex.status < 400) return `${where} → HTTP ${ex.status}, Location: ${ex.location ?? '(none)'}`;
  return `${where} → HTTP ${ex.status}, ${ex.contentType ?? 'no Content-Type'}: ${oneLine(ex.text ?? '', 120)}`;
}

const isRedirect = (ex: Exchange) => ex.status !== undefined && ex.status >= 300 && ex.status < 400;
const isPage = (ex: Exchange) => ex.json === undefined && (isHtml(ex) || isRedirect(ex));

/**
 * Before any case: is the target this API at all? The token request and one probe without a token
 * (harmless anywhere) must not both redirect (a single sign-on gateway, a login page) or both
 * answer an HTML page (a portal, a gateway): that is a wrong --base-url or a missing network path,
 * said in one line with exit 2, not a hundred failed cases.
 */
export async function checkTargetIsTheApi(baseUrl: string, token: Exchange, probe: () => Promise<Exchange>, mask: (text: string) => string): Promise<void> {
  if (token.error) throw new UnreachableError(`无法连接被测部署 ${baseUrl}：${token.error}`);
  if (token.status === 404) throw new ConfigError(`${token.request.url} 答复HTTP 404：这里没有统一消息中心平台接口，请检查 --base-url（应为接口域名，不含路径）`);
  if (!isPage(token)) return;
  const second = await probe();
  if (second.error) throw new UnreachableError(`无法连接被测部署 ${baseUrl}：${second.error}`);
  if (!isPage(second)) return;
  if (isRedirect(token) && isRedirect(second)) {
    // A login page's Location carries the request URL back, credentials included: masked.
    throw new ConfigError(
      mask(`${baseUrl} 把每个请求都重定向到别处，这不是统一消息中心平台接口本身（单点登录网关或登录页？请检查 --base-url 和网络路径）：\n  ${describe(token)}\n  ${describe(second)}`),
    );
  }
  throw new ConfigError(mask(`${baseUrl} 对每个请求都答复HTML页面而不是JSON，这不是统一消息中心平台接口（门户、网关或错误页？请检查 --base-url）：\n  ${describe(token)}\n  ${describe(second)}`));
}
