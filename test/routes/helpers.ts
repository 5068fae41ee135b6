import { Types } from 'mongoose';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestContext, REPO_DIR, type TestContext } from '../helpers/app';

type Json = Record<string, unknown>;
export type Row = Json;

const DAY = 86_400_000;

/** A form's example record from the repository (what a careful clerk would submit). */
export function example(formId: string): Json {
  return JSON.parse(readFileSync(path.join(REPO_DIR, 'forms', formId, 'example.json'), 'utf8')) as Json;
}

interface TaskSummary {
  id: string;
  name: string;
  projectId: string;
  instanceId: string;
  due: string | null;
}

interface ActiveTask {
  taskId: string;
  name: string;
  candidates: { username: string }[];
}

interface HistoryEntry {
  action: string;
  actor: string;
  taskName: string | null;
  outcome: string | null;
  comment: string | null;
}

/**
 * Walks one county's processes through the HTTP API as its demo users (`<county>.<orgUnit>`, password
 * demo). Users are named by org unit code; tokens are fetched when first needed and again after the fake
 * clock moves (sessions expire after an hour idle).
 */
export class CountyRoute {
  private readonly tokens = new Map<string, string>();
  private projects = 0;

  private constructor(
    readonly ctx: TestContext,
    readonly county: string,
  ) {}

  static async open(county: string): Promise<CountyRoute> {
    return new CountyRoute(await createTestContext(), county);
  }

  close(): Promise<void> {
    return this.ctx.close();
  }

  user(unit: string): string {
    return unit.includes('.') ? unit : `${this.county}.${unit}`;
  }

  async auth(unit: string): Promise<{ Authorization: string }> {
    const username = this.user(unit);
    let token = this.tokens.get(username);
    if (!token) {
      token = await this.ctx.login(username);
      this.tokens.set(username, token);
    }
    return { Authorization: `Bearer ${token}` };
  }

  /** Moves the fake clock, fires whatever timers are due, and forgets the sessions that expired meanwhile. */
  async advanceDays(days: number): Promise<void> {
    this.ctx.clock.advance(days * DAY);
    this.tokens.clear();
    await this.ctx.app.services.scheduler.runOnce();
  }

  async get(unit: string, url: string) {
    return this.ctx.http.get(url).set(await this.auth(unit));
  }

  async post(unit: string, url: string, body: unknown = {}) {
    return this.ctx.http
      .post(url)
      .set(await this.auth(unit))
      .send(body as object);
  }

  async put(unit: string, url: string, body: unknown = {}) {
    return this.ctx.http
      .put(url)
      .set(await this.auth(unit))
      .send(body as object);
  }

  async createProject(department: string, fields: Json = {}): Promise<string> {
    const res = await this.post(department, '/api/projects', {
      county: this.county,
      name: `${this.county}路线测试项目${++this.projects}`,
      amount: 300,
      year: 2026,
      category: 'new',
      kind: 'project',
      ...fields,
    });
    if (res.status !== 201) throw new Error(`create project: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  }

  /**
   * A project whose targets were approved (批复版本 1) with the indicators of a form's example, for tests
   * of later stages that are not about the loop itself (walkLoop in loop.ts walks the approval through the API).
   */
  async approvedProject(department: string, fields: Json = {}, formId = 'self-evaluation'): Promise<string> {
    const projectId = await this.createProject(department, fields);
    const rows = (example(formId).indicators as Row[]).map((row, index) => {
      const target = row.target ?? row.targetText;
      return {
        key: `I${index + 1}`,
        ...Object.fromEntries(
          ['level1', 'level2', 'name', 'operator', 'unit']
            .filter((k) => row[k] !== undefined)
            .map((k) => [k, row[k]]),
        ),
        ...(target === undefined ? {} : { target: String(target) }),
      };
    });
    await this.ctx.db.collection('projects').updateOne(
      { _id: new Types.ObjectId(projectId) },
      {
        $set: {
          targets: {
            current: 1,
            versions: [
              {
                version: 1,
                kind: 'declared',
                stageId: 'target-declaration',
                instanceId: 'seeded',
                approvedAt: this.ctx.clock.now(),
                indicators: rows,
              },
            ],
          },
          'stages.target-declaration': {
            status: 'completed',
            statusLabel: '已批复',
            result: { targetVersion: 1 },
          },
        },
      },
    );
    return projectId;
  }

  async start(unit: string, projectId: string, stageId: string, round?: string) {
    return this.post(unit, `/api/projects/${projectId}/stages/${stageId}/start`, round ? { round } : {});
  }

  /** Starts a stage and returns its instance id, failing with the server's reason. */
  async begin(unit: string, projectId: string, stageId: string, round?: string): Promise<string> {
    const res = await this.start(unit, projectId, stageId, round);
    if (res.status !== 201) throw new Error(`start ${stageId}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.instanceId as string;
  }

  async inbox(unit: string): Promise<TaskSummary[]> {
    const res = await this.get(unit, '/api/tasks?status=open&limit=200');
    if (res.status !== 200) throw new Error(`inbox ${unit}: ${res.status}`);
    return res.body.items as TaskSummary[];
  }

  /** The user's open task of that name for the instance; fails listing what the inbox holds instead. */
  async task(unit: string, instanceId: string, name: string): Promise<TaskSummary> {
    const items = await this.inbox(unit);
    const task = items.find((t) => t.instanceId === instanceId && t.name === name);
    if (!task) {
      const mine = items.filter((t) => t.instanceId === instanceId).map((t) => t.name);
      const open = (await this.instance(instanceId)).activeTasks.map((t) => t.name);
      throw new Error(
        `${this.user(unit)} has no task 「${name}」 (its inbox: ${JSON.stringify(mine)}; open: ${JSON.stringify(open)})`,
      );
    }
    return task;
  }

  async detail(unit: string, taskId: string) {
    const res = await this.get(unit, `/api/tasks/${taskId}`);
    if (res.status !== 200) throw new Error(`task ${taskId}: ${res.status}`);
    return res.body as {
      data: Json;
      outcomes: { id: string; label: string }[];
      task: { reviewPoints: string[]; mode: string; due: string | null };
      history: HistoryEntry[];
      candidates: { username: string }[];
    };
  }

  /** Completes the user's task `name`; returns the response so callers can check refusals too. */
  async act(unit: string, instanceId: string, name: string, outcome: string, body: Json = {}) {
    const task = await this.task(unit, instanceId, name);
    return this.post(unit, `/api/tasks/${task.id}/complete`, { outcome, ...body });
  }

  /** Completes the task and insists it went through. */
  async complete(unit: string, instanceId: string, name: string, outcome: string, body: Json = {}) {
    const res = await this.act(unit, instanceId, name, outcome, body);
    if (res.status !== 200)
      throw new Error(`${this.user(unit)} 「${name}」 ${outcome}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }

  async instance(instanceId: string, viewer = 'admin') {
    const res = await this.get(viewer, `/api/instances/${instanceId}`);
    if (res.status !== 200) throw new Error(`instance ${instanceId}: ${res.status}`);
    // Every event of every route is sealed into its county's audit chain as it is written.
    if (res.body.historyIntegrity.status !== 'verified')
      throw new Error(`instance ${instanceId} history: ${JSON.stringify(res.body.historyIntegrity)}`);
    return res.body as {
      status: string;
      activeTasks: ActiveTask[];
      activeElements: string[];
      incidents: unknown[];
      history: HistoryEntry[];
    };
  }

  /** Open tasks as 「name」 → candidate usernames (who the regulation puts in charge of each step). */
  async openTasks(instanceId: string): Promise<Record<string, string[]>> {
    const view = await this.instance(instanceId);
    return Object.fromEntries(
      view.activeTasks.map((t) => [t.name, t.candidates.map((c) => c.username).sort()]),
    );
  }

  /** The completed steps in order: `「name」outcome by unit`. */
  async route(instanceId: string): Promise<string[]> {
    const view = await this.instance(instanceId);
    return view.history
      .filter((h) => h.action === 'task.completed')
      .map((h) => `${h.taskName}:${h.outcome}:${h.actor.replace(`${this.county}.`, '')}`);
  }

  async project(projectId: string, viewer = 'admin') {
    const res = await this.get(viewer, `/api/projects/${projectId}`);
    if (res.status !== 200) throw new Error(`project ${projectId}: ${res.status}`);
    return res.body as {
      stages: {
        id: string;
        status: string;
        statusLabel?: string;
        score?: number;
        grade?: string;
        result?: Json;
      }[];
    };
  }

  async stage(projectId: string, stageId: string) {
    return (await this.project(projectId)).stages.find((s) => s.id === stageId)!;
  }

  /** Registers an external event (人代会批准) as the finance section does. */
  async announce(unit: string, name: string, payload: Json = {}) {
    const res = await this.post(unit, '/api/messages', { county: this.county, name, payload });
    if (res.status !== 200) throw new Error(`announce ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { delivered: number; instanceIds: string[] };
  }

  async notifications(unit: string): Promise<string[]> {
    const res = await this.get(unit, '/api/notifications?limit=200');
    return (res.body.items as { title: string }[]).map((n) => n.title);
  }

  /** Adds a second user to an org unit (e.g. a second expert), with the demo password. */
  async addUser(unit: string, suffix: string): Promise<string> {
    const users = this.ctx.db.collection('users');
    const template = await users.findOne({ username: this.user(unit) });
    if (!template) throw new Error(`no user ${unit}`);
    const username = `${this.user(unit)}${suffix}`;
    const { _id: _ignored, ...fields } = template;
    await users.insertOne({ ...fields, username, displayName: `${String(template.displayName)}${suffix}` });
    return username;
  }
}

/**
 * The county's handling of funds (暂缓/停止拨款, 收回, 恢复) is a service task `holdFunds`. Until the
 * server registers its own handler, the route tests install this stand-in, which keeps the contract the
 * diagrams rely on: input `{action: "hold" | "stop" | "release" | "recover", reason}`; the decision is
 * recorded on the project's stage (`result.fundsStatus`, `result.fundsReason`) and returned as
 * `{fundsStatus}` for the gateways after it.
 */
export const FUNDS_STATUS: Record<string, string> = {
  hold: '暂缓拨款',
  stop: '停止拨款',
  release: '恢复拨款',
  recover: '收回资金',
};

export function installFundsHandlerIfMissing(route: CountyRoute): string[] {
  const calls: string[] = [];
  const runtime = route.ctx.app.services.runtime as unknown as {
    handlers: Map<string, (ctx: HandlerContext) => Promise<unknown>>;
  };
  if (runtime.handlers.has('holdFunds')) return calls;
  runtime.handlers.set('holdFunds', async ({ models, project, instance, input }) => {
    const action = String(input.action);
    const fundsStatus = FUNDS_STATUS[action];
    if (!fundsStatus) throw new Error(`holdFunds: unknown action ${action}`);
    calls.push(action);
    const prefix = `stages.${instance.stageId}.result`;
    await models.Project.updateOne(
      { _id: project._id },
      {
        $set: {
          [`${prefix}.fundsStatus`]: fundsStatus,
          [`${prefix}.fundsReason`]: String(input.reason ?? ''),
        },
      },
    );
    return { fundsStatus };
  });
  return calls;
}

interface HandlerContext {
  models: { Project: { updateOne(filter: Json, update: Json): Promise<unknown> } };
  project: { _id: unknown };
  instance: { stageId: string };
  input: Json;
}

/**
 * 自评表 records with known results under the national and changzhi weights (10/50/30/10) and bands
 * (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60). The client's own totals are wrong on purpose: the server recomputes.
 */
export function selfEvaluation(result: 'good' | 'poor'): Json {
  const data = example('self-evaluation');
  const rows = data.indicators as Row[];
  if (result === 'good') {
    // 维修改造学校数 6 of 12: 10 of 20 points; with 执行率 95% (9.5) the total is 89.5.
    rows[0].actual = 6;
    rows[0].deviationReason = '部分学校未开工';
  } else {
    // 执行率 300/860 = 34.88% (3.49 points) and nothing achieved: 3.49.
    data.executed = 300;
    for (const row of rows) {
      if (row.operator === '定性') row.result = '未达成';
      else row.actual = 0;
      row.deviationReason = '项目未实施';
    }
    data.rectificationPlan = '调整实施方案，明确责任人，按月调度。';
  }
  return { ...data, totalScore: 100, grade: '优' };
}
