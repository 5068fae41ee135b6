import { useQuery } from '@tanstack/react-query';
import { api, query } from './client';
import type { County, Diagram, InstanceView, Project, TaskDetail, TaskSummary } from './types';

export interface InboxFilter {
  status: 'open' | 'completed';
  stage?: string;
  year?: number;
  q?: string;
}

export const useInbox = (filter: InboxFilter) =>
  useQuery({
    queryKey: ['tasks', filter],
    queryFn: () =>
      api.get<{ items: TaskSummary[]; total: number }>(`/tasks${query({ ...filter, limit: 200 })}`),
    refetchInterval: 60_000,
  });

export const useTask = (id: string) =>
  useQuery({
    queryKey: ['task', id],
    queryFn: () => api.get<TaskDetail>(`/tasks/${id}`),
    staleTime: Infinity,
  });

export const useProject = (id: string | undefined) =>
  useQuery({
    queryKey: ['project', id],
    queryFn: () => api.get<Project>(`/projects/${id}`),
    enabled: Boolean(id),
  });

export const useProjects = (params: { year?: number; q?: string }) =>
  useQuery({
    queryKey: ['projects', params],
    queryFn: () =>
      api.get<{ items: Project[]; total: number }>(`/projects${query({ ...params, limit: 200 })}`),
  });

export const useInstance = (id: string | undefined) =>
  useQuery({
    queryKey: ['instance', id],
    queryFn: () => api.get<InstanceView>(`/instances/${id}`),
    enabled: Boolean(id),
  });

export const useDiagram = (instanceId: string | undefined) =>
  useQuery({
    queryKey: ['diagram', instanceId],
    queryFn: () => api.get<Diagram>(`/instances/${instanceId}/diagram`),
    enabled: Boolean(instanceId),
  });

export const useCounties = () =>
  useQuery({ queryKey: ['counties'], queryFn: () => api.get<County[]>('/counties'), staleTime: 10 * 60_000 });

export const useCountySettings = (county: string | undefined) =>
  useQuery({
    queryKey: ['settings', county],
    queryFn: () => api.get<Record<string, unknown>>(`/counties/${county}/settings`),
    enabled: Boolean(county),
    staleTime: 10 * 60_000,
  });

export const useOrgUnits = (county: string | undefined) =>
  useQuery({
    queryKey: ['org-units', county],
    queryFn: () => api.get<{ code: string; name: string; kind: string }[]>(`/counties/${county}/org-units`),
    enabled: Boolean(county),
    staleTime: 10 * 60_000,
  });
