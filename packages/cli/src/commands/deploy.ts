import {
  CountyConfigError,
  formatIssue,
  formatLintProblem,
  loadCounties,
  type CountyManifest,
} from '@pm/config';
import { syncIndexes } from '@pm/server/dist/models';
import { systemClock } from '@pm/server/dist/services/clock';
import { DeployError, DeploymentService } from '@pm/server/dist/services/deployments';
import { syncOrgUnits } from '@pm/server/dist/services/seed';
import os from 'node:os';
import path from 'node:path';

import { parseArgs, stringOption, UsageError } from '../args';
import { openDatabase } from '../database';
import type { Io } from '../io';
import { repositoryDir } from '../repository';

export const DEPLOY_USAGE = `pm deploy [--county 县区id] [--repo 目录]
  检查并部署仓库中的表单和流程：内容有变化的存为新版本，其余不变。
  数据库：设置了 MONGODB_URI 则连接它，否则使用 DATA_DIR（默认 ./data）中的内置数据库（服务器须先停止）`;

const KIND_LABELS = { form: '表单', process: '流程' } as const;

export async function deploy(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['county', 'repo']);
  if (args.positionals.length > 0) throw new UsageError(`deploy 不接受参数：${args.positionals.join(' ')}`);
  const repoDir = repositoryDir(io, stringOption(args, 'repo'));
  let manifests: CountyManifest[];
  try {
    manifests = loadCounties(path.join(repoDir, 'counties'));
  } catch (err) {
    if (!(err instanceof CountyConfigError)) throw err;
    io.out(`县区配置有 ${err.issues.length} 处问题，未部署：`);
    for (const issue of err.issues) io.out(`  ${formatIssue(issue)}`);
    return 1;
  }
  const only = stringOption(args, 'county');
  if (only !== undefined && !manifests.some((county) => county.id === only)) {
    throw new UsageError(`县区 ${only} 不存在，可选：${manifests.map((county) => county.id).join(', ')}`);
  }
  const selected = manifests.filter((county) => only === undefined || county.id === only);

  const database = await openDatabase(io, repoDir);
  try {
    await syncIndexes(database.models);
    await syncOrgUnits(database.models, selected);
    const service = new DeploymentService(database.models, systemClock);
    const report = await service.deployRepository(repoDir, selected, `cli:${os.userInfo().username}`);
    io.out(`已部署到${database.where}：新建 ${report.created.length} 个版本，${report.unchanged} 个未变`);
    const names = new Map(selected.map((county) => [county.id, county.name]));
    for (const item of report.plan) {
      const what = `${names.get(item.county) ?? item.county} ${KIND_LABELS[item.kind]} ${item.artifactId}`;
      io.out(`  ${item.action === 'create' ? '新建' : '未变'} ${what} 第 ${item.version} 版`);
    }
    return 0;
  } catch (err) {
    if (!(err instanceof DeployError)) throw err;
    io.out(`发现 ${err.problems.length} 处问题，未部署：`);
    for (const problem of err.problems) io.out(`  ${formatLintProblem(problem)}`);
    return 1;
  } finally {
    await database.close();
  }
}
