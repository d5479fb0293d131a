import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

/**
 * DESIGN.md's layers: spec ← network ← engine ← watch ← cli. A folder may not import from the
 * folders listed (tests included: they test their own layer).
 */
function layer(folder, forbidden) {
  return [
    {
      files: [`${folder}/**/*.ts`],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            paths: folder === "cli" ? [] : ["chalk", "listr2", "commander"],
            patterns: forbidden.map((f) => ({ group: [`../${f}/*`, `../../${f}/*`, `../../../${f}/*`], message: `${folder}/ may not import from ${f}/ (DESIGN.md layers)` })),
          },
        ],
      },
    },
  ];
}

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "**/fixtures/**", "coverage/**", "bench/.work/**"] },
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
  ...layer("spec", ["network", "engine", "watch", "cli", "api"]),
  ...layer("network", ["engine", "watch", "cli", "api"]),
  ...layer("engine", ["watch", "cli", "api"]),
  ...layer("watch", ["cli", "api"]),
  ...layer("api", ["cli"]),
  {
    // Layering (DESIGN.md): presentation libraries and process globals live in cli/ only.
    files: ["spec/**/*.ts", "network/**/*.ts", "engine/**/*.ts", "watch/**/*.ts", "api/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Only cli/ reads process.env; pass values in." },
        { object: "process", property: "argv", message: "Only cli/ reads process.argv." },
        { object: "process", property: "exit", message: "Only cli/ exits the process." },
      ],
    },
  },
);
