import type { Logger } from 'pino';
import type { AppServices } from '../app';
import { AppError } from '../errors';
import type { AuthenticatedUser } from './auth';

/**
 * Sample projects for demo mode, so a first look at the product shows work in different stages:
 * per county, one project not yet declared, one waiting for the department to fill in its
 * 绩效目标, and one already submitted and waiting for the first review. Driven through the same
 * services the API uses (no shortcuts into the database), so the samples are exactly what a user
 * would have produced. Created once: a county that already has demo projects is left alone.
 */
const SAMPLES = [
  { name: '农村义务教育薄弱学校改造项目', amount: 860, category: 'new', steps: 2 },
  { name: '基层医疗卫生机构能力提升项目', amount: 320, category: 'continuing', steps: 1 },
  { name: '城乡居民健康档案信息化项目', amount: 120, category: 'new', steps: 0 },
] as const;

export async function seedDemoProjects(services: AppServices, year: number, logger: Logger): Promise<number> {
  const { models, projects, stages, tasks, counties } = services;
  let created = 0;
  for (const county of counties.list()) {
    if (await models.Project.exists({ county: county.id, demo: true })) continue;
    const department = county.orgUnits.find((unit) => unit.kind === 'department');
    if (!department) continue;
    const user = await models.User.findOne({
      username: `${county.id}.${department.code}`,
    }).lean<AuthenticatedUser>();
    if (!user) continue;
    for (const sample of SAMPLES) {
      const project = await projects.create(user, {
        county: county.id,
        name: sample.name,
        amount: sample.amount,
        year,
        category: sample.category,
        kind: 'project',
      });
      await models.Project.updateOne({ _id: project._id }, { $set: { demo: true } });
      created++;
      if (sample.steps === 0) continue;
      try {
        await stages.start(user, project._id.toHexString(), 'target-declaration');
        if (sample.steps < 2) continue;
        const open = await tasks.inbox(user, { status: 'open', limit: 50, offset: 0 });
        const task = open.items.find((t) => t.projectId === project._id.toHexString());
        if (!task) continue;
        const detail = await tasks.detail(user, task.id);
        const example = detail.form
          ? await services.deployments.latestForm(county.id, detail.form.id)
          : undefined;
        const submit = detail.outcomes.find((o) => o.id === 'submit');
        if (example?.example && submit) {
          await tasks.complete(user, task.id, { outcome: submit.id, data: example.example });
        }
      } catch (err) {
        // A county whose rules block the sample (e.g. a pre-assessment gate) keeps it at the step it reached.
        if (!(err instanceof AppError)) throw err;
        logger.info(
          { county: county.id, project: sample.name, reason: err.message },
          'demo project stopped early',
        );
      }
    }
  }
  return created;
}
