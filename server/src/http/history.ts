import { z } from 'zod';

/** One line of an instance's history, as the instance and the task detail show it. */
export const HistoryEntry = z.object({
  id: z.string().describe('审计记录编号'),
  at: z.string(),
  actor: z.string(),
  actorName: z.string(),
  action: z.string(),
  taskName: z.string().nullable(),
  outcome: z.string().nullable(),
  outcomeLabel: z.string().nullable(),
  comment: z.string().nullable(),
});

/** Whether the history shown is what was sealed into the county's audit chain. */
export const HistoryIntegrity = z.object({
  status: z
    .enum(['verified', 'pending', 'failed'])
    .describe('verified: 全部校验通过; pending: 有记录尚未封存（刚写入）; failed: 见 problems'),
  verified: z.number(),
  unsealed: z.number(),
  problems: z.array(
    z.object({
      index: z.number().describe('在 history 中的序号（从 1 起）'),
      eventId: z.string(),
      county: z.string(),
      seq: z.number().nullable().describe('在县区审计链中的序号'),
      kind: z.enum(['content-altered', 'link-broken', 'missing', 'duplicate', 'head', 'unsealed']),
      what: z.string().describe('问题说明，如「内容被改动」'),
      message: z.string(),
    }),
  ),
  message: z.string().nullable().describe('校验未通过时给人看的说明'),
});
