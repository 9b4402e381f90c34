/** Whether dist/ is newer than every source file (see compiled-build.js). */
export function compiledIsCurrent(): boolean;
