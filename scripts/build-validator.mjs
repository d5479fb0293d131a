// Precompiles schema.json into dist/spec/schema-validator.cjs with ajv's standalone code
// generation, so `tscompose config` does not compile the schema at every start (~300 ms).
// Run by `npm run build` after tsc.
import { writeFileSync } from "node:fs";
import standaloneCode from "ajv/dist/standalone/index.js";
import { createAjv, loadSchema, PRECOMPILED_VALIDATOR } from "../dist/spec/validate/validate-schema.js";

const ajv = createAjv(true);
const validate = ajv.compile(loadSchema());
const code = standaloneCode.default(ajv, validate);
const out = new URL(`../${PRECOMPILED_VALIDATOR}`, import.meta.url);
writeFileSync(out, code);
console.log(`wrote ${out.pathname} (${(code.length / 1024).toFixed(0)} KiB)`);
