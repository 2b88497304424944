// Swagger UI over both specs. The platform's token is an API key (query parameter "token", which
// the platform merges with form and JSON bodies): fetch one in the bar above and every
// "Try it out" call carries it.
'use strict';

/**
 * What Authorize holds (the platform token, the admin token) lives as long as this tab, as the
 * inbox's admin token does: Swagger UI's persistAuthorization keeps it in localStorage, where every
 * later tab of the origin can read it.
 */
const AUTHORIZED_KEY = 'umc-docs-authorized';

function authorizationPerTab() {
  return {
    statePlugins: {
      auth: {
        wrapActions: {
          // Without persistAuthorization, the only caller is the top bar, which empties Authorize
          // whenever it loads a definition (the first, or the other one picked): this tab's instead.
          restoreAuthorization: (restore) => () => restore({ authorized: JSON.parse(sessionStorage.getItem(AUTHORIZED_KEY) ?? '{}') }),
        },
      },
    },
  };
}

// Where earlier versions of this page (persistAuthorization) left the tokens.
localStorage.removeItem('authorized');

const ui = SwaggerUIBundle({
  urls: [
    { url: '/docs/openapi.json', name: '统一消息中心平台 API (openapi.yaml)' },
    { url: '/docs/control-plane.json', name: 'umc-mock 控制面 (control-plane.yaml)' },
  ],
  'urls.primaryName': '统一消息中心平台 API (openapi.yaml)',
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  plugins: [authorizationPerTab],
  layout: 'StandaloneLayout',
  deepLinking: true,
  displayOperationId: true,
  tryItOutEnabled: true,
});
window.ui = ui;

// Saved on every change, whichever way it came: the 5.1.1 bar, the Authorize dialog, Logout.
let savedAuthorization = ui.authSelectors.authorized();
ui.getStore().subscribe(() => {
  const authorized = ui.authSelectors.authorized();
  if (authorized.equals(savedAuthorization)) return;
  savedAuthorization = authorized;
  sessionStorage.setItem(AUTHORIZED_KEY, JSON.stringify(authorized.toJS()));
});

const form = document.getElementById('token-form');
const status = document.getElementById('token-status');
form.appId.value = localStorage.getItem('umc-docs-appId') ?? '';

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const appId = form.appId.value.trim();
  localStorage.setItem('umc-docs-appId', appId);
  const query = new URLSearchParams({ appId, appPassword: form.appPassword.value.trim() });
  try {
    const res = await fetch(`/msg/getThirdAPIToken?${query}`);
    const body = await res.json();
    if (body.rspCode !== '000000') throw new Error(`${body.rspCode} ${body.rspMsg}`);
    ui.preauthorizeApiKey('token', body.resultData.token);
    status.className = '';
    status.textContent = `token ${body.resultData.token}（7200秒内有效，已填入Authorize）`;
  } catch (err) {
    status.className = 'bad';
    status.textContent = String(err.message ?? err);
  }
});
