// Must NOT type-check (types.test.js): the verifier module has no Policy any more.
import { Policy } from "../../npm/index.js";
new Policy({});
