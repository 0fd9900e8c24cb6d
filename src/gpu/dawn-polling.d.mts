// Types of dawn-polling.mjs (plain JavaScript so the TF.js bench peer can load it without TypeScript).
export function throttleDawnPolling(ms?: number): void;
