// A demo cycle created and launched through the API itself, so the demo exercises the real path.
import { DEMO_CREDENTIALS } from '../prisma/demo/users';
import type { Config } from './config';

const DAY = 86_400_000;

export async function ensureDemoCycle(config: Config): Promise<{ id: string; workflowId: string } | null> {
  const base = `http://127.0.0.1:${config.PORT}/api`;
  const coordinator = DEMO_CREDENTIALS.find((c) => c.role === 'COORDINATOR')!;
  const json = { 'Content-Type': 'application/json' };
  const login = await fetch(`${base}/auth/token`, { method: 'POST', headers: json, body: JSON.stringify(coordinator) });
  const { token } = (await login.json()) as { token: string };
  const auth = { ...json, Authorization: `Bearer ${token}` };

  const existing = (await (await fetch(`${base}/cycles?pageSize=500`, { headers: auth })).json()) as { items: { id: string; code: string; workflowId: string | null }[] };
  const found = existing.items.find((c) => c.code === 'DEMO-2027');
  if (found?.workflowId) return { id: found.id, workflowId: found.workflowId };

  const now = Date.now();
  const at = (days: number) => new Date(now + days * DAY).toISOString();
  const created = found ?? ((await (await fetch(`${base}/cycles`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      code: 'DEMO-2027',
      nameVi: 'Kỳ đánh giá năng lực công chức hải quan năm 2027 (dữ liệu mẫu)',
      nameEn: 'Customs officer competency assessment 2027 (demo)',
      scopeUnitIds: [],
      includeTeamLeaders: true,
      timeline: { registrationOpensAt: at(-1), registrationClosesAt: at(20), listsDueAt: at(45), examStartsAt: at(80), examEndsAt: at(81), closesAt: at(180) },
    }),
  })).json()) as { id: string });
  const launched = await fetch(`${base}/cycles/${created.id}/launch`, { method: 'POST', headers: auth });
  if (!launched.ok) return null;
  const body = (await launched.json()) as { workflowId: string };
  return { id: created.id, workflowId: body.workflowId };
}
