/** Undo and redo over immutable snapshots: each edit pushes the previous value; a new edit clears redo. */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

export type HistoryAction<T> =
  | { type: 'edit'; change: (value: T) => T }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'reset'; value: T };

const LIMIT = 200;

export const startHistory = <T>(value: T): History<T> => ({ past: [], present: value, future: [] });

export function historyReducer<T>(state: History<T>, action: HistoryAction<T>): History<T> {
  switch (action.type) {
    case 'edit': {
      const next = action.change(state.present);
      if (next === state.present) return state;
      return { past: [...state.past, state.present].slice(-LIMIT), present: next, future: [] };
    }
    case 'undo': {
      const previous = state.past[state.past.length - 1];
      if (previous === undefined) return state;
      return { past: state.past.slice(0, -1), present: previous, future: [state.present, ...state.future] };
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      if (next === undefined) return state;
      return { past: [...state.past, state.present], present: next, future: rest };
    }
    case 'reset':
      return startHistory(action.value);
  }
}
