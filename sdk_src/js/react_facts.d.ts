// Types of react_facts.js, which build.py generates per build profile from
// sdk_src/api_spec.py (templates/react_facts.js.j2) next to a copy of react_hook.js.
// tests/bundles/test_js_modules.py checks the generated files export these names.
/** An instance from the root entry's create(): the commands by name, and these. */
export interface ChatInstance {
  init(config: object): void;
  on(name: string, callback: (payload?: any) => void): unknown;
  destroy(): void;
  reset(): Promise<void>;
  [command: string]: any;
}
export declare function create(): ChatInstance;
export declare function ArgumentError(code: string, message: string): Error;
export declare function StateError(code: string, message: string): Error;
/** Host event names. */
export declare const EVENTS: string[];
/** Command names (each a function of the hook's result). */
export declare const COMMANDS: string[];
/** Calls held before the instance exists. */
export declare const QUEUE_MAX: number;
export declare const PREFIX: string;
export declare const IDENTITY: string[];
export declare const LIVE: { option: string; command: string }[];
export declare const CALLBACKS: string[];
export declare const UNKNOWN_EVENT: string;
export declare const INVALID_ARGUMENT: string;
export declare const QUEUE_FULL: string;
export declare const NOT_INITIALIZED: string;
export declare const INVALID_CONFIG: string;
