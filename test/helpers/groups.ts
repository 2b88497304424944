/**
 * Test files that run together in one process (test/groups/*.test.ts) instead of one process each. Starting a
 * test process (tsx, tap, the mock's modules, openapi.yaml's validators) costs about as much CPU as a small
 * file's tests themselves, so the small files share one. tap skips these files on its own (package.json's
 * tap.exclude names the same list; test/groups/unit.test.ts checks that it does, so no file runs twice or
 * never). A file stays runnable alone: `npx tap test/token.test.ts`.
 *
 * A file belongs here only if it leaves the process as it found it: no root-level t.setTimeout or t.jobs, no
 * process.env changes, no counting of the process's timers or handles (test/control-idle.test.ts).
 */
export const GROUPS: Record<string, string[]> = {
  unit: [
    'src/domain/app-admin.test.ts',
    'src/domain/codes.test.ts',
    'src/domain/content-rules.test.ts',
    'src/mock/faults.test.ts',
    'src/domain/messaging/attempt-pool.test.ts',
    'src/domain/messaging/index.test.ts',
    'src/domain/messaging/landing-list.test.ts',
    'src/domain/messaging/segments.test.ts',
    'src/domain/messaging/sorted.test.ts',
    'src/domain/random.test.ts',
    'src/domain/tokens.test.ts',
    'src/domain/wall-time.test.ts',
    'src/domain/wechat/cards.test.ts',
    'src/domain/wechat/templates.test.ts',
    'src/domain/wechat/utf8.test.ts',
    'src/mock/core.test.ts',
    'src/mock/envelope.test.ts',
    'src/spec/deployment-choices.test.ts',
    'src/mock/servlet-params.test.ts',
    'src/store/journal.test.ts',
    'src/store/state-file.test.ts',
    'test/cli-help.test.ts',
    'test/client-coverage.test.ts',
    'test/client-types.test.ts',
    'test/contract-cases.test.ts',
    'test/contract-imports.test.ts',
    'test/layers.test.ts',
    'test/readme.test.ts',
    'test/schemas-meta.test.ts',
    'test/spec-cache.test.ts',
    'test/spec.test.ts',
    'test/yaml-strict.test.ts',
    'test/doc-limits.test.ts',
  ],
  api: [
    'test/card.test.ts',
    'test/directory.test.ts',
    'test/faults.test.ts',
    'test/hardening.test.ts',
    'test/mailbox.test.ts',
    'test/progress.test.ts',
    'test/public-list.test.ts',
    'test/replies.test.ts',
    'test/send.test.ts',
    'test/server.test.ts',
    'test/sms.test.ts',
    'test/template-list.test.ts',
    'test/template-send.test.ts',
    'test/template-todo.test.ts',
    'test/todos.test.ts',
    'test/token.test.ts',
    'test/wechat-flow.test.ts',
  ],
  control: [
    'test/apps-admin.test.ts',
    'test/conversation.test.ts',
    'test/control-incremental.test.ts',
    'test/control-messages.test.ts',
    'test/control-spec.test.ts',
    'test/control-views.test.ts',
    'test/control.test.ts',
    'test/data-bounds.test.ts',
    'test/inbox-routes.test.ts',
    'test/integrator-example.test.ts',
    'test/journal.test.ts',
    'test/logging.test.ts',
    'test/public-api.test.ts',
    'test/secrets.test.ts',
  ],
  contract: ['test/contract-drift.test.ts', 'test/contract-flows.test.ts', 'test/contract-mock.test.ts', 'test/contract-safety.test.ts'],
};

/** Runs a group's files in this process, in order: each file's tests are the process's own top-level tests. */
export async function runGroup(name: string): Promise<void> {
  const files = GROUPS[name];
  if (!files) throw new Error(`no test group ${name}`);
  for (const file of files) await import(new URL(`../../${file}`, import.meta.url).href);
}
