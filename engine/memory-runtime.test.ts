import { runtimeContract } from "./runtime-contract.js";
import { MemoryRuntime } from "./memory-runtime.js";

const IMAGE = "tscompose-busybox:latest";

runtimeContract("MemoryRuntime", {
  create: () => new MemoryRuntime({ images: [{ ref: IMAGE }] }),
  image: IMAGE,
});
