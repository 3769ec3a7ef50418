// Harness, not a spec sample: `esbuild --inject:src/js-module.ts` binds every
// free `Masheev` in js-api.ts / js-runner.ts to the @masheev/embed-sdk/js module.
import * as Masheev from "@masheev/embed-sdk/js";
export { Masheev };
