/** Compose's labels and names, defined in spec/ (every layer needs them); re-exported for the engine. */
export * from "../../spec/labels.js";
