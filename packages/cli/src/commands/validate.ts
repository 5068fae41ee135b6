import { existsSync } from 'node:fs';
import path from 'node:path';

import { STAGE_LABELS, formatLintProblem, lintFiles, resolveRepository, type LintProblem } from '@pm/config';

import { parseArgs, stringOption, UsageError } from '../args';
import type { Io } from '../io';
import { lintServices } from '../lint-services';
import { looksLikeRepository, repositoryDir } from '../repository';

export const VALIDATE_USAGE = `pm validate [文件…] [--repo 目录] [--json]
  不给文件：检查整个仓库（counties/、forms/、processes/）
  给出文件：只检查这些文件，如另一个工具画的 .bpmn 或一个 form.json`;

function printProblems(io: Io, problems: readonly LintProblem[], json: boolean): void {
  if (json) {
    io.out(JSON.stringify(problems, null, 2));
    return;
  }
  io.out(`发现 ${problems.length} 处问题：`);
  for (const problem of problems) io.out(`  ${formatLintProblem(problem)}`);
}

/** Exit 0 when nothing is wrong, 1 when the lint found problems. */
export async function validate(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['repo'], ['json']);
  const json = args.options.has('json');
  const repoDir = repositoryDir(io, stringOption(args, 'repo'));
  const files = args.positionals;

  if (files.length > 0) {
    const missing = files.filter((file) => !existsSync(path.resolve(io.cwd, file)));
    if (missing.length > 0) throw new UsageError(`找不到文件：${missing.join('、')}`);
    const problems = await lintFiles(files, lintServices, {
      cwd: io.cwd,
      ...(looksLikeRepository(repoDir) ? { repoDir } : {}),
    });
    if (problems.length > 0) {
      printProblems(io, problems, json);
      return 1;
    }
    io.out(json ? '[]' : `检查通过：${files.length} 个文件没有发现问题`);
    return 0;
  }

  if (!looksLikeRepository(repoDir)) throw new UsageError(`${repoDir} 不是配置仓库（没有 counties/ 目录）`);
  const resolution = await resolveRepository(repoDir, lintServices);
  if (resolution.problems.length > 0) {
    printProblems(io, resolution.problems, json);
    return 1;
  }
  if (json) {
    io.out('[]');
    return 0;
  }
  io.out(`检查通过：${resolution.counties.length} 个县区的表单、流程和配置没有发现问题`);
  const pending = resolution.counties.filter(({ notConfigured }) => notConfigured.length > 0);
  if (pending.length > 0) {
    io.out('以下已启用的阶段还没有流程，暂时不能启动：');
    for (const { county, notConfigured } of pending)
      io.out(`  ${county.name}：${notConfigured.map((stage) => STAGE_LABELS[stage]).join('、')}`);
  }
  return 0;
}
