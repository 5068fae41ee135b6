import type { CountyManifest, StageId } from '../county';
import type { FormDefinition } from '../form';

/** A user task as the diff shows it, in the order a case meets it. */
export interface OutlineTask {
  id: string;
  name: string;
  candidateRoles: string[];
  due: { kind: 'duration'; duration: string } | { kind: 'setting'; key: string } | null;
}

/** A stage's process reduced to what a finance officer compares: its steps in order. */
export interface ProcessOutline {
  processId: string;
  tasks: OutlineTask[];
}

/** One side of a comparison: a county from the repository, or a county's deployed version. */
export interface DiffSide {
  /** How sentences name this side: 海林市, or 海林市（第 2 版）. */
  label: string;
  county: CountyManifest;
  /** The county's resolved forms by id. */
  forms: ReadonlyMap<string, FormDefinition>;
  /** The process each enabled stage runs, when it has one. */
  stages: Partial<Record<StageId, ProcessOutline>>;
}

interface EntryBase {
  /** One Chinese sentence saying what differs, naming both sides; B is described relative to A. */
  sentence: string;
}

export interface StageDiff extends EntryBase {
  topic: 'stage';
  stage: StageId;
  enabled: [boolean, boolean];
}

export interface SettingDiff extends EntryBase {
  topic: 'setting';
  key: string;
  label: string;
  /** As each side shows it, null where the side has no such setting. */
  values: [string | null, string | null];
}

export type FieldProperty = 'title' | 'required' | 'options' | 'limit';

export type FormDiff = EntryBase & { topic: 'form'; formId: string; formTitle: string } & (
    | { change: 'form-only-in'; side: 'a' | 'b' }
    | { change: 'form-title'; values: [string, string] }
    | { change: 'field-added' | 'field-removed'; field: string; fieldTitle: string }
    | {
        change: 'field-changed';
        field: string;
        fieldTitle: string;
        property: FieldProperty;
        /** For limits: minimum, maximum, maxLength, ... */
        keyword?: string;
        values: [string, string];
      }
  );

export type ProcessDiff = EntryBase & { topic: 'process'; stage: StageId } & (
    | { change: 'process-only-in'; side: 'a' | 'b' }
    | { change: 'task-added' | 'task-removed'; task: string; taskName: string }
    | {
        change: 'task-changed';
        task: string;
        taskName: string;
        property: 'roles' | 'due';
        values: [string, string];
      }
    | { change: 'order'; orders: [string[], string[]] }
  );

export type DiffEntry = StageDiff | SettingDiff | FormDiff | ProcessDiff;
