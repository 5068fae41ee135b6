import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DiffEntry } from '@pm/config/src/diff/types';
import type { DesignedForm } from '@pm/form-designer';
import { api, query } from '../../api/client';

/**
 * The studio's view of the admin API (`/api/admin`, see GET /api/openapi.json). Everything edited here is a
 * draft of one county until it is published; publishing deploys the county's drafts as new versions.
 */

export interface PublishedInfo {
  version: number;
  at: string;
  by: string;
}

export interface AdminCounty {
  id: string;
  name: string;
  level: string | null;
  /** draft: created in the studio and never published. */
  status: 'deployed' | 'draft';
  drafts: number;
  hasDraft: boolean;
  published: PublishedInfo | null;
}

/** A county manifest as counties/<id>.json holds it (packages/config CountyManifest). */
export interface CountyManifest {
  id: string;
  name: string;
  level: string;
  source: Record<string, unknown>;
  orgUnits: { code: string; name: string; kind: string; readOnly?: boolean; demo?: boolean; note?: string }[];
  roles: Record<string, string[]>;
  settings: Record<string, { value: unknown; unit?: string; source: unknown; note?: string }>;
  stages: Record<
    string,
    { enabled: boolean; process?: string; forms?: string[]; source?: unknown; note?: string }
  >;
  [key: string]: unknown;
}

/** A problem the server's lint found: in the manifest, a form (JSON Pointer) or a process (BPMN element id). */
export interface LintProblem {
  kind: 'county' | 'form' | 'process';
  artifactId: string;
  path: string;
  rule: string;
  message: string;
  /** The problem is in the repository's base file, not in this county's drafts. */
  inBase: boolean;
}

export interface CountyDetail {
  manifest: CountyManifest;
  hasDraft: boolean;
  /** Each unpublished draft: the manifest (kind county), a form or a process. */
  drafts: { kind: DraftKind; artifactId: string; updatedBy: string; updatedAt: string }[];
  forms: { id: string; title: string; overridden: boolean; draft: boolean }[];
  processes: { id: string; name: string; replaced: boolean; draft: boolean }[];
}

export interface FormDraft {
  base: DesignedForm;
  /** The county's resolved form: the draft when there is one, else what is published. */
  form: DesignedForm;
  example?: Record<string, unknown>;
  hasDraft: boolean;
}

export interface ProcessDraft {
  baseXml: string;
  xml: string;
  replaced: boolean;
  hasDraft: boolean;
}

export interface SaveResult {
  /** Problems elsewhere in the county: saved anyway, to be solved before publishing. */
  problems: LintProblem[];
}

export interface ArtifactVersionRef {
  kind: 'county' | 'form' | 'process';
  county: string;
  artifactId: string;
  version: number;
}

export interface PublishResult {
  county: string;
  /** The publication's number; null when nothing changed. */
  publication: number | null;
  created: ArtifactVersionRef[];
  unchanged: ArtifactVersionRef[];
}

/** One deploy, publish or rollback: who, when, and the versions it created. */
export interface Publication {
  seq: number;
  source: 'repository' | 'studio';
  action: 'deploy' | 'publish' | 'rollback';
  actor: string;
  at: string;
  note?: string;
  items: ArtifactVersionRef[];
}

export interface ArtifactHistory {
  kind: 'county' | 'form' | 'process';
  artifactId: string;
  versions: {
    version: number;
    source: 'repository' | 'studio';
    note?: string;
    createdBy: string;
    createdAt: string;
  }[];
}

export interface CountyHistory {
  county: string;
  artifacts: ArtifactHistory[];
  publications: Publication[];
}

export interface CountyDiff {
  /** How the sides are named: 基础配置, 济南市市中区（草稿）, … */
  a: string;
  b: string;
  entries: DiffEntry[];
  sentences: string[];
}

export const adminKeys = {
  counties: ['admin', 'counties'] as const,
  county: (county: string) => ['admin', 'county', county] as const,
  form: (county: string, formId: string) => ['admin', 'form', county, formId] as const,
  process: (county: string, processId: string) => ['admin', 'process', county, processId] as const,
  problems: (county: string) => ['admin', 'problems', county] as const,
  diff: (county: string, against: string) => ['admin', 'diff', county, against] as const,
  history: (county: string) => ['admin', 'history', county] as const,
};

const base = (county: string) => `/admin/counties/${encodeURIComponent(county)}`;

export const useAdminCounties = () =>
  useQuery({ queryKey: adminKeys.counties, queryFn: () => api.get<AdminCounty[]>('/admin/counties') });

export const useCountyDetail = (county: string) =>
  useQuery({ queryKey: adminKeys.county(county), queryFn: () => api.get<CountyDetail>(base(county)) });

export const useFormDraft = (county: string, formId: string) =>
  useQuery({
    queryKey: adminKeys.form(county, formId),
    queryFn: () => api.get<FormDraft>(`${base(county)}/forms/${encodeURIComponent(formId)}`),
    staleTime: Infinity,
  });

export const useProcessDraft = (county: string, processId: string) =>
  useQuery({
    queryKey: adminKeys.process(county, processId),
    queryFn: () => api.get<ProcessDraft>(`${base(county)}/processes/${encodeURIComponent(processId)}`),
    staleTime: Infinity,
  });

export const useCountyProblems = (county: string) =>
  useQuery({
    queryKey: adminKeys.problems(county),
    queryFn: () => api.get<LintProblem[]>(`${base(county)}/problems`),
  });

export const useCountyDiff = (county: string, against: string) =>
  useQuery({
    queryKey: adminKeys.diff(county, against),
    queryFn: () => api.get<CountyDiff>(`${base(county)}/diff${query({ of: 'draft', against })}`),
  });

export const useHistory = (county: string) =>
  useQuery({
    queryKey: adminKeys.history(county),
    queryFn: () => api.get<CountyHistory>(`${base(county)}/history`),
  });

/** After any change to a county's drafts, what it shows elsewhere (list, problems, diff) is stale. */
function useInvalidateCounty(county: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: adminKeys.counties }),
      client.invalidateQueries({ queryKey: adminKeys.county(county) }),
      client.invalidateQueries({ queryKey: adminKeys.problems(county) }),
      client.invalidateQueries({ queryKey: ['admin', 'diff', county] }),
    ]);
}

export function useCreateCounty() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: {
      id: string;
      name: string;
      from: { kind: 'base' } | { kind: 'county'; county: string };
    }) => api.post<AdminCounty>('/admin/counties', input),
    onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.counties }),
  });
}

export function useSaveManifest(county: string) {
  const invalidate = useInvalidateCounty(county);
  return useMutation({
    mutationFn: (manifest: CountyManifest) => api.put<SaveResult>(`${base(county)}/manifest`, { manifest }),
    onSuccess: invalidate,
  });
}

export function useSaveForm(county: string, formId: string) {
  const invalidate = useInvalidateCounty(county);
  return useMutation({
    // The full resolved form: the server stores it as a merge patch over the base.
    mutationFn: (form: DesignedForm) =>
      api.put<SaveResult>(`${base(county)}/forms/${encodeURIComponent(formId)}`, { form }),
    onSuccess: invalidate,
  });
}

export function useSaveProcess(county: string, processId: string) {
  const invalidate = useInvalidateCounty(county);
  return useMutation({
    mutationFn: (xml: string) =>
      api.put<SaveResult>(`${base(county)}/processes/${encodeURIComponent(processId)}`, { xml }),
    onSuccess: invalidate,
  });
}

export type DraftKind = 'county' | 'form' | 'process';

/** Drops a draft: the editor goes back to what is published. */
export function useDiscardDraft(county: string) {
  const invalidate = useInvalidateCounty(county);
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, artifactId }: { kind: DraftKind; artifactId: string }) =>
      api.delete<void>(
        kind === 'county'
          ? `${base(county)}/manifest`
          : `${base(county)}/${kind === 'form' ? 'forms' : 'processes'}/${encodeURIComponent(artifactId)}`,
      ),
    onSuccess: (_, { kind, artifactId }) =>
      Promise.all([
        invalidate(),
        kind === 'form' && client.invalidateQueries({ queryKey: adminKeys.form(county, artifactId) }),
        kind === 'process' && client.invalidateQueries({ queryKey: adminKeys.process(county, artifactId) }),
      ]),
  });
}

export function usePublish(county: string) {
  const invalidate = useInvalidateCounty(county);
  const client = useQueryClient();
  return useMutation({
    mutationFn: (note: string) => api.post<PublishResult>(`${base(county)}/publish`, note ? { note } : {}),
    onSuccess: () =>
      Promise.all([invalidate(), client.invalidateQueries({ queryKey: adminKeys.history(county) })]),
  });
}

/** Restores an earlier version of one artifact as a new version (running instances keep theirs). */
export function useRollback(county: string) {
  const invalidate = useInvalidateCounty(county);
  const client = useQueryClient();
  return useMutation({
    mutationFn: (target: { kind: ArtifactHistory['kind']; artifactId: string; version: number }) =>
      api.post<PublishResult>(`${base(county)}/rollback`, target),
    onSuccess: () =>
      Promise.all([invalidate(), client.invalidateQueries({ queryKey: adminKeys.history(county) })]),
  });
}
