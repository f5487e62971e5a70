/** Types of ensure-built.mjs (a plain ES module, so that it runs before anything is compiled). */
export declare function isStale(): boolean;
export declare function ensureBuilt(options?: { quiet?: boolean }): boolean;
