import { readdirSync, rmSync } from 'node:fs';

import { LINT_RULES, lintRepository, type LintProblem } from '@pm/config';

import { lintServices } from '../../packages/cli/src/lint-services';
import { BROKEN, VALID, composeFixture } from './fixtures';

/**
 * A broken fixture holds only the files that differ from the valid repository (two counties, north and
 * south; one form with a county patch; one process with a county replacement). Each breaks one rule and
 * must produce exactly this problem.
 */
const expected: Record<string, LintProblem> = {
  'json-syntax': {
    file: 'forms/application/example.json',
    location: '',
    rule: 'json-syntax',
    message: '不是合法的 JSON（第 2 行第 3 列附近）',
  },
  'file-layout': {
    file: 'processes/declaration/declaration-v2.bpmn',
    location: '',
    rule: 'file-layout',
    message:
      '部署时不会读取此文件：流程目录中只应有 declaration.bpmn 和 counties/<县区id>.bpmn（文件名须与目录名相同）',
  },
  'county-schema': {
    file: 'counties/south.json',
    location: '/orgUnits/1/kind',
    rule: 'county-schema',
    message:
      '取值必须是以下之一: department, finance-section, center, leadership, oversight, expert, third-party',
  },
  'form-schema': {
    file: 'forms/application/form.json',
    location: '/schema/properties/reason/x-componet',
    rule: 'form-schema',
    message: '不允许的字段（是否应为 x-component？）',
  },
  'form-overlay': {
    file: 'forms/application/counties/south.json',
    location: '/schema/properties/amount/minimum',
    county: 'south',
    rule: 'form-overlay',
    message: '合并到 forms/application/form.json 后：格式不正确：应为数字，或 {{ }} 括起的表达式',
  },
  'form-overlay-base': {
    file: 'forms/budget/counties/south.json',
    location: '',
    county: 'south',
    rule: 'form-overlay-base',
    message: '没有基础表单 forms/budget/form.json，县区差异无从合并',
  },
  'overlay-county': {
    file: 'forms/application/counties/east.json',
    location: '',
    rule: 'overlay-county',
    message: '县区 east 不存在（没有 counties/east.json），此差异不会用于任何县区',
  },
  'artifact-id': {
    file: 'forms/application/form.json',
    location: '/id',
    rule: 'artifact-id',
    message: '表单 id“project-application”与目录名 application 不一致：流程的 pm:form 和部署都按目录名找表单',
  },
  'form-binding': {
    file: 'forms/application/form.json',
    location: '/schema/properties/amount/x-bind/from',
    rule: 'form-binding',
    message:
      '「targets.budget」不是可取数的项目档案字段（字段可取：project.name、targets.overallGoal、targets.totalFunds、ledger.annualBudget、ledger.adjustment、ledger.carryover、ledger.executed）',
  },
  'form-expression': {
    file: 'forms/application/form.json',
    location: '/schema/properties/reason/x-reactions/fulfill/state/description',
    rule: 'form-expression',
    message:
      "表达式 {{$deps[0] >= ? '须先完成事前绩效评估' : ''}} 出错：语法错误（Expected expression after >= at character 12）",
  },
  'bpmn-subset': {
    file: 'processes/declaration/declaration.bpmn',
    location: 'archive',
    rule: 'bpmn-subset',
    code: 'UNSUPPORTED_ELEMENT',
    message: '不支持的元素：脚本任务（bpmn:ScriptTask）',
  },
  'feel-syntax': {
    file: 'processes/declaration/declaration.bpmn',
    location: 'approved',
    rule: 'feel-syntax',
    code: 'INVALID_CONDITION',
    message: '条件：FEEL 表达式“outcome == "approve"”不能用“==”：比较用 = 或 !=，并且用 and，或者用 or',
  },
  'feel-syntax-precondition': {
    file: 'counties/north.json',
    location: '/stages/target-declaration/preconditions/0/when',
    county: 'north',
    rule: 'feel-syntax',
    message:
      '启动规则「事前绩效评估门槛」：FEEL 表达式“project.amount >= settings.threshold and”在第 41 个字符处有语法错误',
  },
  'gateway-stuck': {
    file: 'processes/declaration/declaration.bpmn',
    location: 'decision',
    rule: 'gateway-stuck',
    code: 'GATEWAY_MAY_GET_STUCK',
    message: '网关“初审结果”没有默认流，且各条件不能保证至少一条成立，流程可能停在这里；请设置默认流',
  },
  'process-exists': {
    file: 'counties/north.json',
    location: '/stages/target-declaration/process',
    county: 'north',
    rule: 'process-exists',
    message:
      '「绩效目标申报」使用的流程 declaration-v2 不存在（应有 processes/declaration-v2/declaration-v2.bpmn）',
  },
  'process-exists-call': {
    file: 'processes/declaration/declaration.bpmn',
    location: 'monitor',
    rule: 'process-exists',
    message: '调用的流程 monitoring 不存在（应有 processes/monitoring/monitoring.bpmn）',
  },
  'form-exists': {
    file: 'processes/declaration/declaration.bpmn',
    location: 'approve',
    rule: 'form-exists',
    message: '「批复」使用的表单 approval 不存在（应有 forms/approval/form.json）',
  },
  'role-mapped': {
    file: 'processes/declaration/declaration.bpmn',
    location: 'approve',
    county: 'north',
    rule: 'role-mapped',
    message: '「批复」的办理角色 second-reviewer 未在北县的角色映射（roles）中配置',
  },
  'setting-defined': {
    file: 'processes/declaration/counties/south.bpmn',
    location: 'review',
    county: 'south',
    rule: 'setting-defined',
    message: '引用的县区参数 settings.reviewDays 未在南县的 settings 中定义',
  },
  'setting-defined-form': {
    file: 'forms/application/form.json',
    location: '/schema/properties/amount/x-component-props/placeholder',
    county: 'north',
    rule: 'setting-defined',
    message: '表达式引用的县区参数 $settings.maxAmount 未在北县的 settings 中定义',
  },
  'precondition-stage': {
    file: 'counties/north.json',
    location: '/stages/target-declaration/preconditions/0/requires/stage',
    county: 'north',
    rule: 'precondition-stage',
    message:
      '启动规则「事前绩效评估门槛」要求先完成「事前绩效评估」，但北县未启用该阶段：适用此规则的项目都无法启动「绩效目标申报」',
  },
};

describe('lint fixtures', () => {
  test('the valid repository lints clean', async () => {
    expect(await lintRepository(VALID, lintServices)).toEqual([]);
  });

  test('every broken fixture has an expectation, and every rule a fixture', () => {
    expect(readdirSync(BROKEN).sort()).toEqual(Object.keys(expected).sort());
    const covered = new Set(Object.values(expected).map((problem) => problem.rule));
    expect(Object.keys(LINT_RULES).filter((rule) => !covered.has(rule as LintProblem['rule']))).toEqual([]);
  });

  test.each(Object.keys(expected))(
    '%s is rejected with its rule, file, location and message',
    async (name) => {
      const dir = composeFixture(name);
      try {
        expect(await lintRepository(dir, lintServices)).toEqual([expected[name]]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
