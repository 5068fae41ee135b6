import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { checkForm, type FormProblem } from '../model/check-form';
import { historyReducer, startHistory, type History, type HistoryAction } from '../model/history';
import { paletteItem } from '../model/palette';
import type { DesignedForm, NodePath, SchemaNode } from '../model/schema-types';
import { freeKey, getNode, insertChild, moveNode, removeAt, renameNode, updateAt } from '../model/tree';

export interface DesignerState {
  form: DesignedForm;
  problems: FormProblem[];
  selected: NodePath | undefined;
  select(path: NodePath | undefined): void;
  canUndo: boolean;
  canRedo: boolean;
  undo(): void;
  redo(): void;
  /** Adds a palette item at `index` under `parent` (end when omitted) and selects it. */
  add(itemId: string, parent: NodePath, index?: number): void;
  move(from: NodePath, parent: NodePath, index: number): void;
  remove(path: NodePath): void;
  update(path: NodePath, change: (node: SchemaNode) => SchemaNode): void;
  rename(path: NodePath, key: string): void;
  /** Replaces the whole form (JSON view); one undo step. */
  replace(form: DesignedForm): void;
}

type Reducer = (state: History<DesignedForm>, action: HistoryAction<DesignedForm>) => History<DesignedForm>;

const withSchema = (form: DesignedForm, schema: SchemaNode): DesignedForm =>
  schema === form.schema ? form : { ...form, schema };

export function useDesigner(initial: DesignedForm, settingKeys?: readonly string[]): DesignerState {
  const [history, dispatch] = useReducer<Reducer, DesignedForm>(historyReducer, initial, startHistory);
  const [selected, select] = useState<NodePath>();
  const form = history.present;
  const problems = useMemo(() => checkForm(form, { settingKeys }), [form, settingKeys]);

  const editSchema = useCallback(
    (change: (schema: SchemaNode) => SchemaNode) =>
      dispatch({ type: 'edit', change: (f) => withSchema(f, change(f.schema)) }),
    [],
  );

  // A selection that no longer exists (after undo, delete, JSON edit) is dropped.
  useEffect(() => {
    if (selected && !getNode(form.schema, selected)) select(undefined);
  }, [form, selected]);

  return {
    form,
    problems,
    selected,
    select,
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    undo: () => dispatch({ type: 'undo' }),
    redo: () => dispatch({ type: 'redo' }),
    add(itemId, parent, index) {
      const item = paletteItem(itemId);
      if (!item) return;
      const key = freeKey(form.schema, parent, item.keyPrefix);
      editSchema((schema) =>
        insertChild(schema, parent, index ?? Number.MAX_SAFE_INTEGER, key, item.create()),
      );
      select([...parent, key]);
    },
    move(from, parent, index) {
      editSchema((schema) => moveNode(schema, from, parent, index));
      select([...parent, from[from.length - 1]]);
    },
    remove(path) {
      editSchema((schema) => removeAt(schema, path));
      select(undefined);
    },
    update(path, change) {
      editSchema((schema) => updateAt(schema, path, change));
    },
    rename(path, key) {
      editSchema((schema) => renameNode(schema, path, key));
      select([...path.slice(0, -1), key]);
    },
    replace(next) {
      dispatch({ type: 'edit', change: () => next });
    },
  };
}
