import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

export const PROJECT_CATEGORIES = ['new', 'continuing', 'adjusted'] as const;
export const PROJECT_KINDS = ['project', 'department'] as const;

/**
 * A project (项目) or a department's 整体支出: the case that links its stage instances across a
 * budget year. Partitioned by county and year as national systems partition by 财政区划 and 预算年度.
 */
const projectSchema = new Schema(
  {
    county: { type: String, required: true },
    year: { type: Number, required: true },
    name: { type: String, required: true },
    /** 万元. */
    amount: { type: Number, required: true },
    category: { type: String, enum: PROJECT_CATEGORIES, required: true },
    kind: { type: String, enum: PROJECT_KINDS, required: true },
    /** Created by demo mode (never in production). */
    demo: { type: Boolean, default: false },
    /** 重大政策（项目）. */
    major: { type: Boolean, default: false },
    /** 实施单位 (from the 项目库 import), free text. */
    implementingUnit: { type: String },
    /** Org unit code of the owning budget department. */
    department: { type: String, required: true },
    createdBy: { type: String, required: true },
    /** The latest 暂缓/停止/恢复拨款 or 收回 decision of any stage (holdFunds). */
    funds: { type: Schema.Types.Mixed },
    /** 批复版本: `{current, versions: [...]}`, one version per approved declaration or adjustment (loop/record.ts). */
    targets: { type: Schema.Types.Mixed },
    /** 预算台账 of the year (loop/ledger.ts): 年初预算, 调整数, 上年结转, 执行数 by month, its entries. */
    ledger: { type: Schema.Types.Mixed },
    /** Per stage: the latest report measured against the targets (`x-bind` `to: progress.*`). */
    progress: { type: Schema.Types.Mixed },
    /** Per stage: the latest status, score and grade, kept by the runtime as instances move. */
    stages: { type: Schema.Types.Mixed, default: {} },
  },
  { timestamps: true, collection: 'projects', minimize: false },
);
projectSchema.index({ county: 1, year: 1, department: 1 });
projectSchema.index({ county: 1, year: 1, name: 1, department: 1 }, { unique: true });

export type ProjectDoc = InferSchemaType<typeof projectSchema>;
export type ProjectModel = Model<ProjectDoc>;

export function projectModel(conn: Connection): ProjectModel {
  return (
    (conn.models.Project as ProjectModel | undefined) ?? conn.model<ProjectDoc>('Project', projectSchema)
  );
}
