import { runtimeContract } from "../contracts/runtime-contract.js";
import { TEST_IMAGE, engineOrSkip } from "../helpers/engine.js";

// The Runtime contract on the real Docker Engine (scripts/engine.sh starts one and builds the image).
const engine = await engineOrSkip("runtime contract (DockerRuntime)");

runtimeContract("DockerRuntime", {
  create: () => {
    if (!engine) throw new Error("no engine");
    return engine.runtime;
  },
  image: TEST_IMAGE,
  skip: engine === undefined,
});
