// Types of headless_react_facts.js, which build.py generates per build profile from
// sdk_src/api_spec.py (templates/headless_react_facts.js.j2) next to a copy of
// headless_react.js. tests/bundles/test_js_modules.py checks the generated files export these names.
export interface HeadlessStore {
  subscribe(listener: () => void): () => void;
  getState(): Record<string, any>;
}
export declare function createHeadless(options: Record<string, unknown>): HeadlessStore & Record<string, any>;
export declare function StateError(code: string, message: string): Error;
export declare const PREFIX: string;
export declare const PROVIDER_NAME: string;
export declare const HOOK_NAME: string;
export declare const OPTIONS: string[];
export declare const IDENTITY: string[];
export declare const INITIAL_STATE: Record<string, any>;
export declare const ASYNC: string[];
export declare const SYNC: string[];
export declare const NO_PROVIDER: string;
