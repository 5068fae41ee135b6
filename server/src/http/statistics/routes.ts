import { z } from 'zod';
import type { CountyViewService } from '../../services/statistics/county-view';
import { CHART_IDS, countyViewWorkbook } from '../../services/statistics/export';
import type { Api } from '../api';
import { sendFile } from '../exports/send';

const ViewQuery = z.object({
  year: z.coerce
    .number({ error: '请选择预算年度' })
    .int()
    .min(2000, '预算年度不正确')
    .max(2100, '预算年度不正确'),
  county: z.string().max(64).optional().describe('超级管理员可选；其他用户为本县区'),
});

export function registerStatisticsRoutes(api: Api, view: CountyViewService): void {
  api.route({
    method: 'get',
    path: '/statistics/county',
    tag: '统计分析',
    summary: '县区一年的统计分析（环节、序时进度预警、自评、评价覆盖、整改、公开，及其项目明细）',
    query: ViewQuery,
    responses: [{ status: 200, description: '统计数据（由记录计算）' }],
    handler: ({ query, auth }) => view.view(auth.user, query.year, query.county),
  });

  api.route({
    method: 'get',
    path: '/statistics/county/export',
    tag: '统计分析',
    summary: '导出统计图表背后的表格（.xlsx；chart 指定一个图表，不指定则全部）',
    query: ViewQuery.extend({ chart: z.enum(CHART_IDS, { error: '图表不存在' }).optional() }),
    responses: [{ status: 200, description: '.xlsx 工作簿' }],
    handler: async ({ query, auth, res }) => {
      const data = await view.view(auth.user, query.year, query.county);
      sendFile(res, {
        filename: `${data.countyName}${data.year}年度统计分析.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body: await countyViewWorkbook(data, query.chart),
      });
    },
  });
}
