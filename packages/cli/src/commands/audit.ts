import {
  DEFAULT_UNSEALED_MINUTES,
  verifyChains,
  type ChainReport,
} from '@pm/server/dist/services/audit/verify';
import { SYSTEM_CHAIN } from '@pm/server/dist/services/audit/canonical';

import { parseArgs, stringOption, UsageError } from '../args';
import { openDatabase } from '../database';
import type { Io } from '../io';
import { repositoryDir } from '../repository';

export const AUDIT_USAGE = `pm audit verify [--county 县区id] [--unsealed-minutes 分钟]
  校验审计记录：逐条重新计算每个县区审计链（无县区的记录在“系统”链中）的摘要和前后链接，
  报告校验通过的条数和每条链第一处问题（被改动、链接断开、缺失，或超过 ${DEFAULT_UNSEALED_MINUTES} 分钟仍未封存）。
  退出码 0 表示完好，1 表示发现问题。数据库同 pm deploy（服务器运行时请设置 MONGODB_URI）`;

async function countyNames(models: Awaited<ReturnType<typeof openDatabase>>['models']) {
  const manifests = await models.Deployment.find({ kind: 'county' }, { county: 1, content: 1, version: 1 })
    .sort({ version: 1 })
    .lean();
  const names = new Map<string, string>([[SYSTEM_CHAIN, '系统']]);
  for (const doc of manifests) {
    const name = (doc.content as { name?: unknown } | undefined)?.name;
    if (typeof name === 'string') names.set(doc.county, name);
  }
  return names;
}

function describe(chain: ChainReport, names: Map<string, string>): string {
  const name = names.get(chain.county);
  const label = name ? `${name}（${chain.county}）` : chain.county;
  const waiting = chain.unsealed > 0 ? `，${chain.unsealed} 条尚未封存` : '';
  if (!chain.problem)
    return `  ${label}：已校验 ${chain.verified} 条，完好${waiting}（链头第 ${chain.headSeq} 条，摘要 ${chain.headHash}）`;
  const { problem } = chain;
  const where = [
    `县区 ${problem.county}`,
    problem.seq !== null ? `第 ${problem.seq} 条` : undefined,
    problem.eventId !== null ? `记录编号 ${problem.eventId}` : undefined,
  ].filter(Boolean);
  return `  ${label}：已校验 ${chain.verified} 条后未通过：${problem.message}（${where.join('，')}）${waiting}`;
}

export async function audit(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['county', 'unsealed-minutes']);
  const [sub, ...extra] = args.positionals;
  if (sub !== 'verify') throw new UsageError(sub ? `不认识的子命令“${sub}”` : 'audit 需要子命令 verify');
  if (extra.length > 0) throw new UsageError(`audit verify 不接受参数：${extra.join(' ')}`);
  const county = stringOption(args, 'county');
  const minutesOption = stringOption(args, 'unsealed-minutes');
  const unsealedMinutes = minutesOption === undefined ? DEFAULT_UNSEALED_MINUTES : Number(minutesOption);
  if (!Number.isFinite(unsealedMinutes) || unsealedMinutes < 0)
    throw new UsageError('--unsealed-minutes 应为不小于 0 的分钟数');

  const database = await openDatabase(io, repositoryDir(io, undefined));
  try {
    const report = await verifyChains(database.models, { county, now: new Date(), unsealedMinutes });
    const names = await countyNames(database.models);
    if (report.chains.length === 0) {
      io.out(`${database.where}中${county ? `县区 ${county} ` : ''}没有审计记录`);
      return 0;
    }
    io.out(`校验${database.where}中的审计链：`);
    for (const chain of report.chains) io.out(describe(chain, names));
    const broken = report.chains.filter((chain) => chain.problem).length;
    const waiting = report.unsealed > 0 ? `，另有 ${report.unsealed} 条尚未封存` : '';
    io.out(
      broken === 0
        ? `审计记录完好：共校验 ${report.verified} 条${waiting}`
        : `审计记录校验未通过：${broken} 条链有问题（共校验 ${report.verified} 条${waiting}），请联系安全审计员`,
    );
    return broken === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}
