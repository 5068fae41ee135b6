/** What the benchmark page records on `window` for the runner to read (ms since navigation start). */
declare global {
  interface Window {
    /** Every imported module evaluated: the cost of the bundle itself. */
    __boot?: number;
    /** The first 实际完成值 input exists and a frame with it was painted. */
    __ready?: number;
    /** The last `input` event. */
    __t0?: number;
    /** The total score's text changed. */
    __total?: number;
    /** The frame after that change. */
    __painted?: number;
  }
}

export {};
