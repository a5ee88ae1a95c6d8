// Types of scripts/web-budget.js for the tests that read it.
export declare const INITIAL_JS_BUDGET: number;
export declare function initialJs(web?: string): { files: string[]; gzip: number; text: string };
