import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { createWebhookMetrics } from '../../src/webhook/metrics.js';

const RULES = 'deploy/monitoring/prometheus-rules.yaml';
const DASHBOARD = 'deploy/monitoring/grafana-dashboard.json';

/** Every metric the listener can export (sources that fail still register their series). */
async function exportedNames(): Promise<Set<string>> {
  const unreachable = () => Promise.reject(new Error('no database in this test'));
  const { body } = await createWebhookMetrics({
    backlog: unreachable,
    rateBudget: unreachable,
    status: unreachable,
  }).render();
  return new Set(
    [...body.matchAll(/^# TYPE (\S+) (\S+)/gm)].flatMap(([, name, type]) =>
      // A counter `x_total` is also queried as its samples' name.
      type === 'counter' ? [name!, `${name}_total`.replace(/_total_total$/, '_total')] : [name!],
    ),
  );
}

function referenced(expressions: string[]): string[] {
  return [...new Set(expressions.flatMap((e) => e.match(/\bhostaway_[a-z_]+/g) ?? []))];
}

describe('shipped alert rules and dashboard', () => {
  it('query only metrics the code exports', async () => {
    const names = await exportedNames();
    const rules = parse(readFileSync(RULES, 'utf8')) as {
      spec: { groups: { rules: { alert: string; expr: string }[] }[] };
    };
    const ruleExprs = rules.spec.groups.flatMap((g) => g.rules.map((r) => r.expr));
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const panelExprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    const used = referenced([...ruleExprs, ...panelExprs]);
    assert.ok(used.length >= 6, used.join());
    assert.deepEqual(
      used.filter((name) => !names.has(name)),
      [],
      'every metric an alert or a panel queries is exported',
    );
  });
});
