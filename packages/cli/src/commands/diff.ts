import {
  STAGE_IDS,
  diffCounties,
  diffSideOf,
  resolveRepository,
  stageProcessId,
  type CountyManifest,
  type DiffEntry,
  type DiffSide,
  type FormDefinition,
  type RepositoryResolution,
} from '@pm/config';
import { outlineProcess, type ProcessDefinition } from '@pm/engine';

import { parseArgs, stringOption, UsageError } from '../args';
import { openDatabase, type OpenDatabase } from '../database';
import { deployedArtifacts } from '../deployed';
import type { Io } from '../io';
import { lintServices } from '../lint-services';
import { repositoryDir } from '../repository';

export const DIFF_USAGE = `pm diff <甲> <乙> [--repo 目录] [--json]
  甲、乙为县区 id（比较仓库中的配置），或 <县区id>@<版本>、<县区id>@latest（比较已部署的版本，
  每个表单和流程取不超过该版本号的最新版本）。乙相对于甲描述。`;

const TOPIC_TITLES: Record<DiffEntry['topic'], string> = {
  stage: '阶段',
  setting: '参数',
  process: '流程',
  form: '表单',
};

interface SideSpec {
  county: string;
  /** undefined: the repository; 'latest' or a number: deployed. */
  version?: number | 'latest';
}

function parseSpec(text: string): SideSpec {
  const match = /^([a-z][a-z0-9-]*)(?:@(latest|[1-9]\d*))?$/.exec(text);
  if (!match) throw new UsageError(`无法识别“${text}”：应为县区 id，或 <县区id>@<版本号>、<县区id>@latest`);
  const [, county, version] = match;
  if (version === undefined) return { county };
  return { county, version: version === 'latest' ? 'latest' : Number(version) };
}

class SideBuilder {
  private database?: OpenDatabase;

  constructor(
    private readonly io: Io,
    private readonly repoDir: string,
    private readonly resolution: RepositoryResolution<ProcessDefinition>,
  ) {}

  manifest(id: string): CountyManifest {
    const resolved = this.resolution.counties.find(({ county }) => county.id === id);
    if (!resolved) {
      const known = this.resolution.counties.map(({ county }) => county.id).join(', ');
      throw new UsageError(`县区 ${id} 不存在或其配置有误（pm validate 查看），可选：${known}`);
    }
    return resolved.county;
  }

  async side(spec: SideSpec): Promise<DiffSide> {
    const county = this.manifest(spec.county);
    if (spec.version === undefined) {
      const resolved = this.resolution.counties.find((candidate) => candidate.county.id === spec.county);
      return diffSideOf(resolved!, outlineProcess);
    }
    this.database ??= await openDatabase(this.io, this.repoDir);
    const atVersion = spec.version === 'latest' ? undefined : spec.version;
    const artifacts = await deployedArtifacts(this.database.models, county.id, atVersion);
    if (artifacts.length === 0) {
      throw new UsageError(
        `${county.name}（${county.id}）在${this.database.where}中没有${atVersion === undefined ? '' : `第 ${atVersion} 版或更早的`}部署`,
      );
    }
    const forms = new Map<string, FormDefinition>();
    const processes = new Map<string, ProcessDefinition>();
    for (const artifact of artifacts) {
      if (artifact.kind === 'form') forms.set(artifact.artifactId, artifact.content as FormDefinition);
      else if (artifact.definition) processes.set(artifact.artifactId, artifact.definition);
    }
    const stages: DiffSide['stages'] = {};
    for (const stage of STAGE_IDS) {
      const definition = county.stages[stage].enabled
        ? processes.get(stageProcessId(county, stage))
        : undefined;
      if (definition) stages[stage] = outlineProcess(definition);
    }
    const label = `${county.name}（${atVersion === undefined ? '已部署' : `第 ${atVersion} 版`}）`;
    return { label, county, forms, stages };
  }

  async close(): Promise<void> {
    await this.database?.close();
  }
}

export async function diff(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['repo'], ['json']);
  if (args.positionals.length !== 2) throw new UsageError('diff 需要两个参数：pm diff <甲> <乙>');
  const [a, b] = args.positionals.map(parseSpec);
  const repoDir = repositoryDir(io, stringOption(args, 'repo'));
  const resolution = await resolveRepository(repoDir, lintServices);
  const builder = new SideBuilder(io, repoDir, resolution);
  let entries: DiffEntry[];
  let sides: [DiffSide, DiffSide];
  try {
    sides = [await builder.side(a), await builder.side(b)];
    entries = diffCounties(...sides);
  } finally {
    await builder.close();
  }
  if (args.options.has('json')) {
    io.out(JSON.stringify(entries, null, 2));
    return 0;
  }
  if (resolution.problems.length > 0)
    io.err(
      `注意：仓库有 ${resolution.problems.length} 处问题（pm validate 查看），无法解析的文件未参与比较，结果可能不完整`,
    );
  if (entries.length === 0) {
    io.out(`${sides[0].label} 与 ${sides[1].label} 没有差异`);
    return 0;
  }
  io.out(`${sides[0].label} 与 ${sides[1].label} 有 ${entries.length} 处不同：`);
  for (const topic of Object.keys(TOPIC_TITLES) as DiffEntry['topic'][]) {
    const ofTopic = entries.filter((entry) => entry.topic === topic);
    if (ofTopic.length === 0) continue;
    io.out(`${TOPIC_TITLES[topic]}：`);
    for (const entry of ofTopic) io.out(`  ${entry.sentence}`);
  }
  return 0;
}
