/** Response shapes of the server's API (see GET /api/openapi.json). */
export interface User {
  id: string;
  username: string;
  displayName: string;
  county: { id: string; name: string } | null;
  orgUnit: { code: string; name: string; kind: string; readOnly: boolean } | null;
  systemRoles: string[];
  roles: string[];
  /** Why the password must be changed before anything else (one-time or expired), else null. */
  passwordChange?: 'one-time' | 'expired' | null;
}

export interface TaskSummary {
  id: string;
  name: string;
  status: 'open' | 'completed' | 'cancelled';
  county: string;
  stageId: string;
  stageLabel: string;
  projectId: string;
  projectName: string;
  year: number | null;
  instanceId: string;
  mode: 'edit' | 'review';
  assignee: string | null;
  due: string | null;
  overdue: boolean;
  dueSoon: boolean;
  createdAt: string;
  completedAt: string | null;
  outcome: string | null;
}

export interface HistoryEntry {
  id: string;
  at: string;
  actor: string;
  actorName: string;
  action: string;
  taskName: string | null;
  outcome: string | null;
  outcomeLabel: string | null;
  comment: string | null;
}

/** Whether the history shown is what was sealed into the county's audit chain. */
export interface HistoryIntegrity {
  status: 'verified' | 'pending' | 'failed';
  verified: number;
  unsealed: number;
  problems: { index: number; eventId: string; kind: string; what: string; message: string }[];
  message: string | null;
}

export interface TaskDetail {
  task: TaskSummary & {
    reviewPoints: string[];
    readOnly: boolean;
    comment: string | null;
    draftComment: string | null;
    draftSavedAt: string | null;
  };
  form: { id: string; version: number; title: string; schema: Record<string, unknown> } | null;
  data: Record<string, unknown>;
  outcomes: { id: string; label: string; commentRequired: boolean }[];
  candidates: { username: string; displayName: string; orgUnit: string | null }[];
  history: HistoryEntry[];
  historyIntegrity: HistoryIntegrity;
}

export interface StageView {
  id: string;
  label: string;
  enabled: boolean;
  status: string;
  statusLabel?: string;
  score?: number;
  grade?: string;
  instances: { id: string; status: string; round?: string; startedAt?: string; processVersion?: number }[];
}

export interface Project {
  id: string;
  county: string;
  year: number;
  name: string;
  amount: number;
  category: string;
  kind: string;
  major: boolean;
  department: { code: string; name: string };
  createdBy: string;
  createdAt: string;
  stages: StageView[];
}

export interface InstanceView {
  id: string;
  projectId: string;
  county: string;
  stageId: string;
  round: string;
  status: 'active' | 'completed' | 'terminated' | 'failed';
  startedAt: string;
  endedAt: string | null;
  activeTasks: {
    taskId: string;
    name: string;
    elementId: string;
    assignee: string | null;
    due: string | null;
    candidates: { username: string; displayName: string }[];
  }[];
  activeElements: string[];
  history: HistoryEntry[];
  historyIntegrity: HistoryIntegrity;
}

export interface Diagram {
  xml: string;
  version: number;
  finishedElements: string[];
  activeElements: string[];
  waitingFor: { elementId: string; message: string }[];
}

export interface Attachment {
  id: string;
  name: string;
  size: number;
  contentType: string;
  label: string;
  uploadedBy: string;
  uploadedAt: string;
  taskId: string;
  instanceId: string;
}

export interface County {
  id: string;
  name: string;
  level: string;
  stages: { id: string; label: string; enabled: boolean }[];
}

export interface BatchView {
  id: string;
  status: 'running' | 'finished';
  total: number;
  done: number;
  started: { projectId: string; instanceId: string }[];
  failed: { projectId: string; code: string; message: string }[];
}

export type SubmissionStatus =
  'not-started' | 'awaiting' | 'due-soon' | 'overdue' | 'submitted' | 'completed';

export interface Submissions {
  stageLabel: string;
  round: string;
  due: string | null;
  counts: Record<SubmissionStatus, number>;
  items: {
    projectId: string;
    projectName: string;
    year: number;
    department: { code: string; name: string };
    status: SubmissionStatus;
    instanceId: string | null;
    taskName: string | null;
    due: string | null;
    submittedAt: string | null;
  }[];
}

export interface RoundView {
  batchId: string;
  round: string;
  stageId: string;
  due: string | null;
  status: 'running' | 'finished';
  total: number;
  createdAt: string;
}
