import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';

export interface DraftPayload {
  data?: Record<string, unknown>;
  comment?: string;
}

export type SaveState = 'clean' | 'dirty' | 'saving' | 'saved' | 'failed';

interface LocalCopy extends DraftPayload {
  at: string;
}

const DELAY_MS = 1500;
const localKey = (taskId: string) => `pm.unsaved.${taskId}`;

/** What this browser typed for a task but the server has not confirmed (a failed save, an expired login). */
export function readLocalCopy(taskId: string, serverSavedAt: string | null): LocalCopy | undefined {
  try {
    const raw = localStorage.getItem(localKey(taskId));
    const copy = raw ? (JSON.parse(raw) as LocalCopy) : undefined;
    if (copy && (!serverSavedAt || copy.at > serverSavedAt)) return copy;
  } catch {
    // Unreadable copies are dropped below.
  }
  localStorage.removeItem(localKey(taskId));
  return undefined;
}

export function dropLocalCopy(taskId: string): void {
  localStorage.removeItem(localKey(taskId));
}

/**
 * Saves the task's draft (PUT /api/tasks/:id/draft) shortly after each change. Every change is also kept in
 * localStorage until the server confirms it, so nothing typed is lost when a save fails or the login
 * expires: the task page offers the local copy back when it is newer than the server's draft.
 */
export function useAutosave(taskId: string, enabled: boolean, collect: () => DraftPayload) {
  const [state, setState] = useState<SaveState>('clean');
  const [savedAt, setSavedAt] = useState<string>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const collectRef = useRef(collect);
  collectRef.current = collect;
  const generation = useRef(0);

  const save = useCallback(async () => {
    clearTimeout(timer.current);
    const mine = ++generation.current;
    setState('saving');
    try {
      const result = await api.put<{ savedAt: string }>(`/tasks/${taskId}/draft`, collectRef.current());
      // A change made while saving schedules another save; only the newest one may mark the page clean.
      if (mine !== generation.current) return;
      dropLocalCopy(taskId);
      setSavedAt(result.savedAt);
      setState('saved');
    } catch {
      if (mine === generation.current) setState('failed');
    }
  }, [taskId]);

  const changed = useCallback(() => {
    if (!enabled) return;
    generation.current++;
    setState('dirty');
    try {
      localStorage.setItem(
        localKey(taskId),
        JSON.stringify({ ...collectRef.current(), at: new Date().toISOString() }),
      );
    } catch {
      // Storage full or disabled: the server save still runs.
    }
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), DELAY_MS);
  }, [enabled, save, taskId]);

  /** After completing the task nothing is pending any more. */
  const reset = useCallback(() => {
    clearTimeout(timer.current);
    generation.current++;
    dropLocalCopy(taskId);
    setState('clean');
  }, [taskId]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const unsaved = state === 'dirty' || state === 'saving' || state === 'failed';
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  return { state, savedAt, unsaved, changed, save, reset };
}
