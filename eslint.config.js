import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "**/fixtures/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-imports": "off",
    },
  },
  {
    // Layering (DESIGN.md): presentation libraries and process globals live in cli/ only.
    files: ["spec/**/*.ts", "network/**/*.ts", "engine/**/*.ts", "watch/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { paths: ["chalk", "listr2", "commander"] }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Only cli/ reads process.env; pass values in." },
        { object: "process", property: "argv", message: "Only cli/ reads process.argv." },
        { object: "process", property: "exit", message: "Only cli/ exits the process." },
      ],
    },
  },
);
