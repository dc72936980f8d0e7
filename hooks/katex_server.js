// Renders TeX to KaTeX HTML + MathML for the build. One JSON request per line on
// stdin ({"tex": "...", "display": true}), one JSON reply per line on stdout
// ({"html": "..."} or {"error": "..."}), so a whole build pays Node's start-up once.
"use strict";
const katex = require("katex");
const readline = require("readline");

const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on("line", (line) => {
  let reply;
  try {
    const { tex, display } = JSON.parse(line);
    reply = {
      html: katex.renderToString(tex, {
        displayMode: Boolean(display),
        output: "htmlAndMathml",
        throwOnError: true,
        strict: "error",
        trust: false,
      }),
    };
  } catch (err) {
    reply = { error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
