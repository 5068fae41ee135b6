import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { createMergePatch, loadCounties, type Json } from '@pm/config';

import { parseArgs, stringOption, UsageError } from '../args';
import { openDatabase } from '../database';
import { deployedArtifacts, type DeployedArtifact } from '../deployed';
import type { Io } from '../io';
import { formatJson } from '../json-file';
import { repositoryDir } from '../repository';

export const EXPORT_USAGE = `pm export --county 县区id [--out 目录] [--repo 目录]
  把该县区已部署的最新表单和流程写回文件（默认写入仓库本身，便于用 git 对照）：
  表单写成对基础 form.json 的差异 forms/<id>/counties/<县区>.json，流程与基础流程不同时写成
  processes/<id>/counties/<县区>.bpmn；仓库中没有基础文件的，写成基础文件。`;

type Action = 'written' | 'removed' | 'unchanged';

const ACTION_LABELS: Record<Action, string> = { written: '写入', removed: '删除', unchanged: '未变' };

class Writer {
  readonly actions: { action: Action; file: string; note: string }[] = [];

  constructor(private readonly outDir: string) {}

  write(file: string, text: string, note: string): void {
    const target = path.join(this.outDir, file);
    if (existsSync(target) && readFileSync(target, 'utf8') === text) {
      this.actions.push({ action: 'unchanged', file, note });
      return;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    this.actions.push({ action: 'written', file, note });
  }

  /** The county no longer differs from the base: its variant file goes. */
  remove(file: string, note: string): void {
    const target = path.join(this.outDir, file);
    if (!existsSync(target)) return;
    rmSync(target);
    this.actions.push({ action: 'removed', file, note });
  }
}

function readBase<T>(file: string, parse: (text: string) => T): T | undefined {
  return existsSync(file) ? parse(readFileSync(file, 'utf8')) : undefined;
}

async function exportForm(
  artifact: DeployedArtifact,
  county: string,
  repoDir: string,
  writer: Writer,
): Promise<void> {
  const id = artifact.artifactId;
  const version = `第 ${artifact.version} 版`;
  const basePath = path.join(repoDir, 'forms', id, 'form.json');
  const base = readBase(basePath, (text) => JSON.parse(text) as Json);
  const overlayFile = `forms/${id}/counties/${county}.json`;
  if (base === undefined) {
    writer.write(
      `forms/${id}/form.json`,
      await formatJson(artifact.content, basePath),
      `${version}，仓库中没有基础表单`,
    );
    if (artifact.example)
      writer.write(
        `forms/${id}/example.json`,
        await formatJson(artifact.example, basePath),
        `${version} 的示例记录`,
      );
    return;
  }
  const patch = createMergePatch(base, artifact.content as Json);
  if (patch === undefined) writer.remove(overlayFile, `${version} 与基础表单相同`);
  else
    writer.write(
      overlayFile,
      await formatJson(patch, path.join(repoDir, overlayFile)),
      `${version} 对基础表单的差异`,
    );
}

function exportProcess(artifact: DeployedArtifact, county: string, repoDir: string, writer: Writer): void {
  const id = artifact.artifactId;
  const version = `第 ${artifact.version} 版`;
  const xml = String(artifact.content);
  const base = readBase(path.join(repoDir, 'processes', id, `${id}.bpmn`), (text) => text);
  const overlayFile = `processes/${id}/counties/${county}.bpmn`;
  if (base === undefined) writer.write(`processes/${id}/${id}.bpmn`, xml, `${version}，仓库中没有基础流程`);
  else if (base === xml) writer.remove(overlayFile, `${version} 与基础流程相同`);
  else writer.write(overlayFile, xml, `${version}，与基础流程不同`);
}

export async function exportCounty(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['county', 'out', 'repo']);
  if (args.positionals.length > 0) throw new UsageError(`export 不接受参数：${args.positionals.join(' ')}`);
  const county = stringOption(args, 'county');
  if (county === undefined) throw new UsageError('export 需要 --county <县区id>');
  const repoDir = repositoryDir(io, stringOption(args, 'repo'));
  const out = stringOption(args, 'out');
  const outDir = out === undefined ? repoDir : path.resolve(io.cwd, out);
  const manifests = loadCounties(path.join(repoDir, 'counties'));
  if (!manifests.some((manifest) => manifest.id === county))
    throw new UsageError(
      `县区 ${county} 不存在，可选：${manifests.map((manifest) => manifest.id).join(', ')}`,
    );

  const database = await openDatabase(io, repoDir);
  let artifacts: DeployedArtifact[];
  try {
    artifacts = await deployedArtifacts(database.models, county);
  } finally {
    await database.close();
  }
  if (artifacts.length === 0) throw new UsageError(`${county} 在${database.where}中还没有部署，无可导出`);

  const writer = new Writer(outDir);
  for (const artifact of artifacts) {
    if (artifact.kind === 'form') await exportForm(artifact, county, repoDir, writer);
    else exportProcess(artifact, county, repoDir, writer);
  }
  io.out(`已从${database.where} 导出 ${county} 的 ${artifacts.length} 个表单和流程到 ${outDir}：`);
  for (const { action, file, note } of writer.actions)
    io.out(`  ${ACTION_LABELS[action]} ${file}（${note}）`);
  io.out('县区配置（counties/*.json）不在数据库中，不导出。');
  return 0;
}
