import { PROJECT_DEPARTMENT, STAGE_IDS, type RoleId, type StageId } from '../county';
import { STAGE_LABELS } from '../stages';
import { durationText, settingText } from './setting-text';
import type { DiffSide, OutlineTask, ProcessDiff, ProcessOutline } from './types';

/** The org units that take a task in this county, by name; the project's own department says so. */
function units(side: DiffSide, task: OutlineTask): string[] {
  const names: string[] = [];
  for (const role of task.candidateRoles) {
    const members = side.county.roles[role as RoleId];
    if (!members) {
      names.push(`${role}（未配置）`);
      continue;
    }
    for (const member of members) {
      const name =
        member === PROJECT_DEPARTMENT
          ? '项目所属部门'
          : (side.county.orgUnits.find((unit) => unit.code === member)?.name ?? member);
      if (!names.includes(name)) names.push(name);
    }
  }
  return names;
}

/** 「综合股复审」: who and what, unless the step's own name already says who (or it is the department's). */
function taskLabel(side: DiffSide, task: OutlineTask): string {
  const who = units(side, task).filter((name) => name !== '项目所属部门');
  if (who.length === 0 || who.some((name) => task.name.includes(name))) return task.name;
  return `${who.join('、')}${task.name}`;
}

function dueText(side: DiffSide, task: OutlineTask): string {
  const due = task.due;
  if (!due) return '不限';
  if (due.kind === 'setting') {
    const setting = side.county.settings[due.key];
    if (!setting) return `settings.${due.key}（未配置）`;
    // The engine reads a number as days.
    return typeof setting.value === 'number' && setting.unit === undefined
      ? `${setting.value}日`
      : settingText(due.key, setting);
  }
  return durationText(due.duration) ?? due.duration;
}

/** Pairs the steps of two outlines: same element id first, then same name. */
function matchTasks(left: ProcessOutline, right: ProcessOutline): Map<OutlineTask, OutlineTask> {
  const pairs = new Map<OutlineTask, OutlineTask>();
  const taken = new Set<OutlineTask>();
  const pair = (same: (l: OutlineTask, r: OutlineTask) => boolean): void => {
    for (const l of left.tasks) {
      if (pairs.has(l)) continue;
      const r = right.tasks.find((candidate) => !taken.has(candidate) && same(l, candidate));
      if (r) {
        pairs.set(l, r);
        taken.add(r);
      }
    }
  };
  pair((l, r) => l.id === r.id);
  pair((l, r) => l.name === r.name);
  return pairs;
}

function sameRoles(l: OutlineTask, r: OutlineTask): boolean {
  return [...l.candidateRoles].sort().join(',') === [...r.candidateRoles].sort().join(',');
}

function diffStage(
  a: DiffSide,
  b: DiffSide,
  stage: StageId,
  left: ProcessOutline,
  right: ProcessOutline,
): ProcessDiff[] {
  const stageLabel = STAGE_LABELS[stage];
  const entries: ProcessDiff[] = [];
  const pairs = matchTasks(left, right);
  const paired = new Set(pairs.values());
  for (const task of right.tasks) {
    if (paired.has(task)) continue;
    entries.push({
      topic: 'process',
      stage,
      change: 'task-added',
      task: task.id,
      taskName: task.name,
      sentence: `${b.label} ${stageLabel} 多一道「${taskLabel(b, task)}」`,
    });
  }
  for (const task of left.tasks) {
    if (pairs.has(task)) continue;
    entries.push({
      topic: 'process',
      stage,
      change: 'task-removed',
      task: task.id,
      taskName: task.name,
      sentence: `${b.label} ${stageLabel} 少一道「${taskLabel(a, task)}」（${a.label} 有）`,
    });
  }
  for (const [l, r] of pairs) {
    const changed = (property: 'roles' | 'due', what: string, values: [string, string]): void => {
      entries.push({
        topic: 'process',
        stage,
        change: 'task-changed',
        task: r.id,
        taskName: r.name,
        property,
        values,
        sentence: `${stageLabel}「${r.name}」的${what}：${a.label} ${values[0]}；${b.label} ${values[1]}`,
      });
    };
    if (!sameRoles(l, r)) changed('roles', '办理单位', [units(a, l).join('、'), units(b, r).join('、')]);
    const dues: [string, string] = [dueText(a, l), dueText(b, r)];
    if (dues[0] !== dues[1]) changed('due', '办理期限', dues);
  }
  // Order among the steps both have; added and removed steps are reported above.
  const leftOrder = left.tasks.filter((task) => pairs.has(task));
  const rightOrder = right.tasks.filter((task) => paired.has(task));
  const moved = leftOrder.some((task, index) => pairs.get(task) !== rightOrder[index]);
  if (moved) {
    const orders: [string[], string[]] = [left.tasks.map((t) => t.name), right.tasks.map((t) => t.name)];
    entries.push({
      topic: 'process',
      stage,
      change: 'order',
      orders,
      sentence: `${stageLabel} 的办理顺序：${a.label} ${orders[0].join('→')}；${b.label} ${orders[1].join('→')}`,
    });
  }
  return entries;
}

export function diffProcesses(a: DiffSide, b: DiffSide): ProcessDiff[] {
  const entries: ProcessDiff[] = [];
  for (const stage of STAGE_IDS) {
    if (!a.county.stages[stage].enabled || !b.county.stages[stage].enabled) continue;
    const [left, right] = [a.stages[stage], b.stages[stage]];
    if (left && right) entries.push(...diffStage(a, b, stage, left, right));
    else if (left || right) {
      const [has, lacks] = left ? [a, b] : [b, a];
      entries.push({
        topic: 'process',
        stage,
        change: 'process-only-in',
        side: left ? 'a' : 'b',
        sentence: `「${STAGE_LABELS[stage]}」：${has.label} 已配置流程，${lacks.label} 尚未配置`,
      });
    }
  }
  return entries;
}
