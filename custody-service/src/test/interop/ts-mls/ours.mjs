// Runs OUR command-line client (`java -jar mls-custody.jar client COMMAND ...`) synchronously and
// returns its one-line JSON answer. Throws, with the command line, exit status and stderr, when the
// client fails, times out, prints anything but exactly one JSON line, or answers {"ok":false}.
//
// The contract (from the issue tracker): each call loads a member's state from --state DIR, does one
// operation, saves the state, writes produced MLSMessages to files and prints exactly one JSON line
// on stdout: {"ok":true,...}; on failure {"ok":false,"error":"..."} on stderr and exit 1. Every
// successful line that concerns a group carries epoch, epochAuthenticator (hex), ownLeaf, members.
import { execFileSync } from "node:child_process";

/**
 * @param {object} o
 * @param {string} o.command   executable: the java binary (or node, for the self-check stand-in)
 * @param {string[]} o.prefix  arguments before COMMAND, e.g. ["-jar", jar, "client"]
 * @param {number} [o.timeoutMs] per-call timeout
 * @param {(line: string) => void} [o.log] receives one line per call
 */
export function makeOurs({ command, prefix, timeoutMs = 30_000, log = () => {} }) {
  /** Runs one client command; `args` is COMMAND followed by its options. */
  function run(args) {
    const shown = [command, ...prefix, ...args].map((a) => (a === "" || /[\s"'\\$]/.test(a) ? JSON.stringify(a) : a)).join(" ");
    log(`  $ ${shown}`);
    const started = Date.now();
    let stdout;
    try {
      stdout = execFileSync(command, [...prefix, ...args], {
        encoding: "utf8",
        timeout: timeoutMs,
        killSignal: "SIGKILL",
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (e) {
      const why = e.code === "ETIMEDOUT" || e.signal === "SIGKILL" ? `timed out after ${timeoutMs} ms` : e.status != null ? `exit ${e.status}` : e.message;
      throw new Error(`our client failed (${why}): ${shown}\n  stdout: ${String(e.stdout ?? "").trim()}\n  stderr: ${String(e.stderr ?? "").trim()}`);
    }
    const lines = stdout.split("\n").filter((l) => l.trim() !== "");
    if (lines.length !== 1) throw new Error(`our client printed ${lines.length} lines instead of one JSON line: ${shown}\n  stdout: ${stdout}`);
    let json;
    try {
      json = JSON.parse(lines[0]);
    } catch (e) {
      throw new Error(`our client printed a line that is not JSON (${e.message}): ${shown}\n  stdout: ${stdout}`);
    }
    if (json === null || typeof json !== "object" || json.ok !== true)
      throw new Error(`our client did not answer {"ok":true}: ${shown}\n  stdout: ${stdout}`);
    log(`    -> ${lines[0].length > 400 ? lines[0].slice(0, 400) + "..." : lines[0]} (${Date.now() - started} ms)`);
    if (args[0] !== "keypackage") checkGroupFields(json, shown);
    return json;
  }

  // One method per contract command; options mirror the CLI's, arrays repeat the flag.
  const flag = (name, value) => (value === undefined || value === false ? [] : value === true ? [`--${name}`] : [].concat(value).flatMap((v) => [`--${name}`, String(v)]));
  return {
    run,
    keypackage: ({ suite, identity, outDir, out }) => run(["keypackage", ...flag("suite", suite), ...flag("identity", identity), ...flag("out-dir", outDir), ...flag("out", out)]),
    create: ({ suite, identity, state, groupId }) => run(["create", ...flag("suite", suite), ...flag("identity", identity), ...flag("state", state), ...flag("group-id", groupId)]),
    add: ({ state, keypackages, outWelcome, outCommit, outTree, ratchetTreeExt, pub }) =>
      run(["add", ...flag("state", state), ...flag("keypackage", keypackages), ...flag("out-welcome", outWelcome), ...flag("out-commit", outCommit), ...flag("out-tree", outTree), ...flag("ratchet-tree-ext", ratchetTreeExt), ...flag("public", pub)]),
    join: ({ state, welcome, tree }) => run(["join", ...flag("state", state), ...flag("welcome", welcome), ...flag("tree", tree)]),
    encrypt: ({ state, text, out }) => run(["encrypt", ...flag("state", state), ...flag("text", text), ...flag("out", out)]),
    decrypt: ({ state, input }) => run(["decrypt", ...flag("state", state), ...flag("in", input)]),
    process: ({ state, input }) => run(["process", ...flag("state", state), ...flag("in", input)]),
    commit: ({ state, out, pub, ratchetTreeExt, keypackages, outWelcome, removeLeaves, pskIds }) =>
      run(["commit", ...flag("state", state), ...flag("out", out), ...flag("public", pub), ...flag("ratchet-tree-ext", ratchetTreeExt), ...flag("keypackage", keypackages), ...flag("out-welcome", outWelcome), ...flag("remove-leaf", removeLeaves), ...flag("psk-id", pskIds)]),
    remove: ({ state, leaf, out, pub }) => run(["remove", ...flag("state", state), ...flag("leaf", leaf), ...flag("out", out), ...flag("public", pub)]),
    export: ({ state, label, context, length }) => run(["export", ...flag("state", state), ...flag("label", label), ...flag("context", context), ...flag("length", length)]),
    info: ({ state }) => run(["info", ...flag("state", state)]),
    tree: ({ state, out }) => run(["tree", ...flag("state", state), ...flag("out", out)]),
    groupInfo: ({ state, out, withTree }) => run(["group-info", ...flag("state", state), ...flag("out", out), ...flag("with-tree", withTree)]),
  };
}

/** The contract's common fields of a group-related answer; a malformed answer is a failure. */
function checkGroupFields(json, shown) {
  const bad = (what) => {
    throw new Error(`our client's answer lacks a valid ${what}: ${shown}\n  answer: ${JSON.stringify(json)}`);
  };
  if (!Number.isSafeInteger(json.epoch) || json.epoch < 0) bad('"epoch" (number)');
  if (typeof json.epochAuthenticator !== "string" || !/^([0-9a-f]{2})+$/i.test(json.epochAuthenticator)) bad('"epochAuthenticator" (hex)');
  if (!Number.isSafeInteger(json.ownLeaf) || json.ownLeaf < 0) bad('"ownLeaf" (number)');
  if (!Array.isArray(json.members) || !json.members.every((m) => m && Number.isSafeInteger(m.leaf) && typeof m.identity === "string"))
    bad('"members" (array of {leaf, identity})');
}
