#!/usr/bin/env node
// Cross-implementation interop scenario: ts-mls 1.6.4 (in this process) against OUR client
// (`java -jar mls-custody.jar client ...`, one process per operation, state in a directory,
// messages as TLS-encoded MLSMessage files).
//
//   node scenario.mjs --java PATH_TO_JAVA --jar PATH_TO_JAR --suite N --work DIR
//   node scenario.mjs --self-check --suite N --work DIR     (a ts-mls stand-in plays "ours")
//
// Options: --step-timeout MS (per call of our client, default 20000), --quiet (no per-call trace),
// --vectors DIR (the official MLS test vectors: adds known-answer checks of ts-mls, see kat.mjs),
// --client-arg ARG (repeatable: passed to our client after `client`, e.g. `--keys pkcs11:...` so
// that our members' keys live on a PKCS#11 token).
//
// Every comparison is a check; the first failed check or error stops the run with exit code 1.
// The last line is always "N passed, M failed".
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { createApplicationMessage, createCommit, createGroup, emptyPskIndex, joinGroup, processMessage, acceptAll } from "ts-mls";
import { encodeRatchetTree } from "ts-mls/ratchetTree.js";
import { knownAnswerChecks } from "./kat.mjs";
import { makeOurs } from "./ours.mjs";
import {
  exportSecret,
  fromHex,
  groupView,
  newKeyPackage,
  readMessage,
  readTree,
  suiteImpl,
  suiteName,
  text,
  toHex,
  untext,
  writeFramed,
  writeMessage,
  writeTree,
} from "./tsmls.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------- checks and steps

class CheckFailed extends Error {}

const tally = { passed: 0, failed: 0 };
let quiet = false;
const say = (line) => process.stdout.write(line + "\n");
const trace = (line) => quiet || say(line);

/** Asserts deep equality; on mismatch stops the scenario with both values in the message. */
function eq(what, actual, expected) {
  if (isDeepStrictEqual(actual, expected)) {
    tally.passed++;
    trace(`  ok   ${what}`);
    return;
  }
  tally.failed++;
  throw new CheckFailed(`${what}\n    expected: ${JSON.stringify(expected)}\n    actual:   ${JSON.stringify(actual)}`);
}

/** Asserts a condition; `detail` explains a failure. */
function ok(what, condition, detail = "") {
  if (condition) {
    tally.passed++;
    trace(`  ok   ${what}`);
    return;
  }
  tally.failed++;
  throw new CheckFailed(`${what}${detail ? `\n    ${detail}` : ""}`);
}

let currentStep = "(start)";
const t0 = Date.now();
function step(name) {
  currentStep = name;
  say(`- [${((Date.now() - t0) / 1000).toFixed(1)} s] ${name}`);
}

// ---------------------------------------------------------------- the ts-mls party

/** One ts-mls member kept in memory: its ClientState evolves with every operation. */
class TsMember {
  constructor(identity, impl) {
    this.identity = identity;
    this.impl = impl;
    this.state = undefined;
  }

  get view() {
    return groupView(this.state);
  }

  leafKey(leaf) {
    const node = this.state.ratchetTree[2 * leaf];
    return node?.nodeType === "leaf" ? toHex(node.leaf.hpkePublicKey) : undefined;
  }

  /** Sends an application message (always a PrivateMessage) to `file`. */
  async send(file, message) {
    const res = await createApplicationMessage(this.state, text(message), this.impl);
    this.state = res.newState;
    writeMessage(file, "mls_private_message", res.privateMessage);
  }

  /**
   * Commits (without proposals: a self-update; ts-mls always adds an UpdatePath then) and merges
   * it at once. Returns the CreateCommitResult so callers can use the Welcome.
   */
  async commit(file, options = {}) {
    const res = await createCommit({ state: this.state, cipherSuite: this.impl }, options);
    this.state = res.newState;
    writeFramed(file, res.commit);
    return res;
  }

  /** Processes a message from `file`; returns {kind: "application"|"commit"|"proposal", text?, wireformat}. */
  async receive(file) {
    const msg = readMessage(file, ["mls_private_message", "mls_public_message"]);
    const contentType = msg.wireformat === "mls_private_message" ? msg.privateMessage.contentType : msg.publicMessage.content.contentType;
    const res = await processMessage(msg, this.state, emptyPskIndex, acceptAll, this.impl);
    this.state = res.newState;
    if (res.kind === "applicationMessage") return { kind: "application", text: untext(res.message), wireformat: msg.wireformat };
    return { kind: contentType, wireformat: msg.wireformat };
  }

  async exporter(label, contextHex, length) {
    return exportSecret(this.state, label, fromHex(contextHex), length, this.impl);
  }
}

// ---------------------------------------------------------------- comparisons

/** Our `members`, reduced to the contract's {leaf, identity} and ordered by leaf (extra fields are not compared). */
const memberList = (list) => list.map(({ leaf, identity }) => ({ leaf, identity })).sort((x, y) => x.leaf - y.leaf);

/** Our answer and the ts-mls member must agree on epoch, epoch authenticator and the member list. */
function agree(what, ourAnswer, ts, ourIdentity) {
  const theirs = ts.view;
  eq(`${what}: epoch`, ourAnswer.epoch, theirs.epoch);
  eq(`${what}: epoch authenticator`, ourAnswer.epochAuthenticator, theirs.epochAuthenticator);
  eq(`${what}: members (leaf, identity)`, memberList(ourAnswer.members), theirs.members);
  const ourLeafInTs = theirs.members.find((m) => m.identity === ourIdentity)?.leaf;
  eq(`${what}: our ownLeaf is where ts-mls sees "${ourIdentity}"`, ourAnswer.ownLeaf, ourLeafInTs);
}

const EXPORTS = [
  { label: "mls-custody interop", context: "", length: 32 },
  { label: "exporter test", context: "000102030405060708090a0b0c0d0e0f", length: 16 },
  { label: "x", context: "ff".repeat(40), length: 64 },
];

async function compareExports(what, ours, dir, ts, list = EXPORTS) {
  for (const { label, context, length } of list) {
    const mine = ours.export({ state: dir, label, context, length });
    const theirs = await ts.exporter(label, context, length);
    eq(`${what}: MLS-Exporter("${label}", ${context.length / 2}-byte context, ${length}) equal`, mine.secret, theirs);
  }
}

/** Our KeyPackage file must be an MLSMessage(KeyPackage) of the right suite and identity. */
function checkOurKeyPackage(file, suiteId, identity) {
  const kp = readMessage(file, "mls_key_package").keyPackage;
  eq("our KeyPackage: cipher suite", kp.cipherSuite, suiteName(suiteId));
  eq("our KeyPackage: basic credential identity", kp.leafNode.credential.credentialType === "basic" ? untext(kp.leafNode.credential.identity) : kp.leafNode.credential.credentialType, identity);
  const now = BigInt(Math.floor(Date.now() / 1000));
  const { notBefore, notAfter } = kp.leafNode.lifetime ?? {};
  // ts-mls rejects, when it commits the Add, a KeyPackage whose lifetime does not include "now".
  ok("our KeyPackage: lifetime includes now", notBefore <= now && now <= notAfter, `lifetime ${notBefore}..${notAfter}, now ${now}`);
}

// ---------------------------------------------------------------- scenario A: ts-mls creates and adds ours

/**
 * A: ts-mls creates a group and adds ours.
 * treeMode "extension": the Welcome carries the ratchet_tree extension; "file": the tree goes to
 * our `join --tree FILE`. `full` runs the whole exchange (messages, updates both ways, exporters).
 */
async function scenarioA(ctx, treeMode, full) {
  const { ours, suite, impl } = ctx;
  const tag = `A/${treeMode}`;
  const dir = path.join(ctx.work, `A-${treeMode}`);
  mkdirSync(dir, { recursive: true });
  const f = (name) => path.join(dir, name);
  const oursDir = f("ours-state");
  const ourId = `ours-${tag.replace("/", "-")}`;
  const ts = new TsMember(`ts-mls-${tag.replace("/", "-")}`, impl);

  step(`${tag}: our client generates a KeyPackage`);
  ours.keypackage({ suite, identity: ourId, outDir: oursDir, out: f("ours-kp.mls") });
  checkOurKeyPackage(f("ours-kp.mls"), suite, ourId);

  step(`${tag}: ts-mls creates the group and commits an Add of our KeyPackage (ratchet tree ${treeMode === "extension" ? "in the Welcome" : "as a file"})`);
  // In the full run ts-mls' leaf advertises every GREASE value in its capabilities (RFC 9420 §13.5).
  const tsKp = await newKeyPackage(ts.identity, impl, { grease: full });
  ts.state = await createGroup(crypto.getRandomValues(new Uint8Array(16)), tsKp.publicPackage, tsKp.privatePackage, [], impl);
  const ourKp = readMessage(f("ours-kp.mls"), "mls_key_package").keyPackage;
  const added = await ts.commit(f("add-commit.mls"), {
    extraProposals: [{ proposalType: "add", add: { keyPackage: ourKp } }],
    ratchetTreeExtension: treeMode === "extension",
  });
  ok("ts-mls produced a Welcome", added.welcome !== undefined);
  writeMessage(f("welcome.mls"), "mls_welcome", added.welcome);
  if (treeMode === "file") writeTree(f("tree.bin"), ts.state.ratchetTree);

  step(`${tag}: our client joins from the Welcome`);
  let r = ours.join({ state: oursDir, welcome: f("welcome.mls"), tree: treeMode === "file" ? f("tree.bin") : undefined });
  agree(`${tag} after join`, r, ts, ourId);
  eq(`${tag} after join: epoch is 1`, r.epoch, 1);

  step(`${tag}: ts-mls -> ours application message (decrypt)`);
  const m1 = `hello from ts-mls (${tag}, suite ${suite})`;
  await ts.send(f("ts-msg1.mls"), m1);
  r = ours.decrypt({ state: oursDir, input: f("ts-msg1.mls") });
  eq(`${tag}: our decrypt yields the text`, r.text, m1);

  step(`${tag}: ours -> ts-mls application message`);
  const m2 = `hello from mls-custody (${tag}, suite ${suite})`;
  r = ours.encrypt({ state: oursDir, text: m2, out: f("ours-msg1.mls") });
  agree(`${tag} after encrypt`, r, ts, ourId);
  let got = await ts.receive(f("ours-msg1.mls"));
  eq(`${tag}: ts-mls receives an application message`, got.kind, "application");
  eq(`${tag}: our application message is a PrivateMessage`, got.wireformat, "mls_private_message");
  eq(`${tag}: ts-mls decrypts the text`, got.text, m2);

  if (!full) {
    await compareExports(tag, ours, oursDir, ts, EXPORTS.slice(0, 1));
    return;
  }

  step(`${tag}: ts-mls -> ours application message (process)`);
  const m3 = `second message from ts-mls (${tag})`;
  await ts.send(f("ts-msg2.mls"), m3);
  r = ours.process({ state: oursDir, input: f("ts-msg2.mls") });
  eq(`${tag}: our process reports an application message`, r.kind, "application");
  eq(`${tag}: our process yields the text`, r.text, m3);

  step(`${tag}: our client commits a self-update (with path); ts-mls processes it`);
  const ourLeafKeyBefore = ts.leafKey(r.ownLeaf);
  r = ours.commit({ state: oursDir, out: f("ours-update1.mls") });
  eq(`${tag}: our epoch after our commit`, r.epoch, 2);
  got = await ts.receive(f("ours-update1.mls"));
  eq(`${tag}: ts-mls sees a commit`, got.kind, "commit");
  eq(`${tag}: our default commit is a PrivateMessage`, got.wireformat, "mls_private_message");
  agree(`${tag} after our self-update`, r, ts, ourId);
  ok(`${tag}: our self-update replaced our leaf's encryption key`, ts.leafKey(r.ownLeaf) !== ourLeafKeyBefore);

  step(`${tag}: ts-mls commits a self-update (full path); our client processes it`);
  const tsLeaf = ts.view.ownLeaf;
  const tsLeafKeyBefore = ts.leafKey(tsLeaf);
  await ts.commit(f("ts-update1.mls"));
  ok(`${tag}: ts-mls' self-update replaced its leaf's encryption key`, ts.leafKey(tsLeaf) !== tsLeafKeyBefore);
  r = ours.process({ state: oursDir, input: f("ts-update1.mls") });
  eq(`${tag}: our process reports a commit`, r.kind, "commit");
  agree(`${tag} after ts-mls' self-update`, r, ts, ourId);
  eq(`${tag}: epoch is 3`, r.epoch, 3);

  step(`${tag}: messages still flow both ways in the new epoch`);
  const m4 = `after the updates, from ts-mls (${tag})`;
  await ts.send(f("ts-msg3.mls"), m4);
  eq(`${tag}: our decrypt in epoch 3`, ours.decrypt({ state: oursDir, input: f("ts-msg3.mls") }).text, m4);
  const m5 = `after the updates, from mls-custody (${tag})`;
  ours.encrypt({ state: oursDir, text: m5, out: f("ours-msg2.mls") });
  eq(`${tag}: ts-mls decrypts in epoch 3`, (await ts.receive(f("ours-msg2.mls"))).text, m5);

  step(`${tag}: exporter values`);
  await compareExports(tag, ours, oursDir, ts);

  step(`${tag}: our ratchet tree file and info`);
  r = ours.tree({ state: oursDir, out: f("ours-tree.bin") });
  eq(`${tag}: our tree file equals ts-mls' encoding of the ratchet tree (hex)`, toHex(readFileSync(f("ours-tree.bin"))), toHex(encodeRatchetTree(ts.state.ratchetTree)));
  r = ours.info({ state: oursDir });
  agree(`${tag} info`, r, ts, ourId);
}

// ---------------------------------------------------------------- scenario B: ours creates and adds ts-mls

/**
 * B: our client creates a group and adds a ts-mls member.
 * treeMode "extension": `add --ratchet-tree-ext`; "file": `add --out-tree FILE`, which ts-mls
 * passes to joinGroup. `full` also runs updates both ways, PublicMessage commits and exporters.
 */
async function scenarioB(ctx, treeMode, full) {
  const { ours, suite, impl } = ctx;
  const tag = `B/${treeMode}`;
  const dir = path.join(ctx.work, `B-${treeMode}`);
  mkdirSync(dir, { recursive: true });
  const f = (name) => path.join(dir, name);
  const oursDir = f("ours-state");
  const ourId = `ours-${tag.replace("/", "-")}`;
  const ts = new TsMember(`ts-mls-${tag.replace("/", "-")}`, impl);

  step(`${tag}: ts-mls generates a KeyPackage (MLSMessage file${full ? ", capabilities with every GREASE value" : ""})`);
  const tsKp = await newKeyPackage(ts.identity, impl, { grease: full });
  writeMessage(f("ts-kp.mls"), "mls_key_package", tsKp.publicPackage);

  step(`${tag}: our client creates the group`);
  const groupId = toHex(crypto.getRandomValues(new Uint8Array(16)));
  let r = ours.create({ suite, identity: ourId, state: oursDir, groupId });
  eq(`${tag} after create: epoch`, r.epoch, 0);
  eq(`${tag} after create: ownLeaf`, r.ownLeaf, 0);
  eq(`${tag} after create: members`, memberList(r.members), [{ leaf: 0, identity: ourId }]);

  step(`${tag}: our client adds the ts-mls KeyPackage (${treeMode === "extension" ? "--ratchet-tree-ext" : "--out-tree"})`);
  r = ours.add({
    state: oursDir,
    keypackages: [f("ts-kp.mls")],
    outWelcome: f("welcome.mls"),
    outCommit: f("add-commit.mls"),
    ratchetTreeExt: treeMode === "extension",
    outTree: treeMode === "file" ? f("tree.bin") : undefined,
  });
  eq(`${tag} after add: epoch`, r.epoch, 1);
  const commitMsg = readMessage(f("add-commit.mls"), ["mls_private_message", "mls_public_message"]);
  const commitEpoch = commitMsg.wireformat === "mls_private_message" ? commitMsg.privateMessage.epoch : commitMsg.publicMessage.content.epoch;
  eq(`${tag}: our Add commit is framed for epoch 0`, commitEpoch, 0n);
  const welcome = readMessage(f("welcome.mls"), "mls_welcome").welcome;
  eq(`${tag}: our Welcome's cipher suite`, welcome.cipherSuite, suiteName(suite));

  step(`${tag}: ts-mls joins from our Welcome`);
  // joinGroup takes the tree from the ratchet_tree extension if present, else from its 6th argument.
  const tree = treeMode === "file" ? readTree(f("tree.bin")) : undefined;
  ts.state = await joinGroup(welcome, tsKp.publicPackage, tsKp.privatePackage, emptyPskIndex, impl, tree);
  agree(`${tag} after ts-mls joined`, r, ts, ourId);
  eq(`${tag}: ts-mls sits at leaf 1`, ts.view.ownLeaf, 1);

  step(`${tag}: ours -> ts-mls application message`);
  const m1 = `hello from mls-custody (${tag}, suite ${suite})`;
  ours.encrypt({ state: oursDir, text: m1, out: f("ours-msg1.mls") });
  let got = await ts.receive(f("ours-msg1.mls"));
  eq(`${tag}: ts-mls receives an application message`, got.kind, "application");
  eq(`${tag}: ts-mls decrypts the text`, got.text, m1);

  step(`${tag}: ts-mls -> ours application message`);
  const m2 = `hello from ts-mls (${tag}, suite ${suite})`;
  await ts.send(f("ts-msg1.mls"), m2);
  r = ours.process({ state: oursDir, input: f("ts-msg1.mls") });
  eq(`${tag}: our process reports an application message`, r.kind, "application");
  eq(`${tag}: our process yields the text`, r.text, m2);

  if (!full) {
    await compareExports(tag, ours, oursDir, ts, EXPORTS.slice(1, 2));
    return;
  }

  let epoch = 1;
  for (const pub of [false, true]) {
    const wf = pub ? "PublicMessage" : "PrivateMessage";
    step(`${tag}: our client commits a self-update as ${wf}; ts-mls processes it`);
    const ourLeafKeyBefore = ts.leafKey(0);
    r = ours.commit({ state: oursDir, out: f(`ours-update-${wf}.mls`), pub });
    eq(`${tag}: our epoch after our ${wf} commit`, r.epoch, ++epoch);
    eq(`${tag}: our commit file is a ${wf}`, readMessage(f(`ours-update-${wf}.mls`)).wireformat, pub ? "mls_public_message" : "mls_private_message");
    got = await ts.receive(f(`ours-update-${wf}.mls`));
    eq(`${tag}: ts-mls sees a commit`, got.kind, "commit");
    agree(`${tag} after our ${wf} self-update`, r, ts, ourId);
    ok(`${tag}: our self-update replaced our leaf's encryption key`, ts.leafKey(0) !== ourLeafKeyBefore);

    step(`${tag}: ts-mls commits a self-update as ${wf}; our client processes it`);
    const tsLeafKeyBefore = ts.leafKey(1);
    await ts.commit(f(`ts-update-${wf}.mls`), { wireAsPublicMessage: pub });
    ok(`${tag}: ts-mls' self-update replaced its leaf's encryption key`, ts.leafKey(1) !== tsLeafKeyBefore);
    r = ours.process({ state: oursDir, input: f(`ts-update-${wf}.mls`) });
    eq(`${tag}: our process reports a commit`, r.kind, "commit");
    eq(`${tag}: epoch after ts-mls' ${wf} commit`, r.epoch, ++epoch);
    agree(`${tag} after ts-mls' ${wf} self-update`, r, ts, ourId);
  }

  step(`${tag}: messages still flow both ways in epoch ${epoch}`);
  const m3 = `after the updates, from mls-custody (${tag})`;
  ours.encrypt({ state: oursDir, text: m3, out: f("ours-msg2.mls") });
  eq(`${tag}: ts-mls decrypts in epoch ${epoch}`, (await ts.receive(f("ours-msg2.mls"))).text, m3);
  const m4 = `after the updates, from ts-mls (${tag})`;
  await ts.send(f("ts-msg2.mls"), m4);
  eq(`${tag}: our decrypt in epoch ${epoch}`, ours.decrypt({ state: oursDir, input: f("ts-msg2.mls") }).text, m4);

  step(`${tag}: exporter values`);
  await compareExports(tag, ours, oursDir, ts);
}

// ---------------------------------------------------------------- main

function parseArgs(argv) {
  const o = { stepTimeout: 20_000, clientArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--java") o.java = val();
    else if (a === "--jar") o.jar = val();
    else if (a === "--suite") o.suite = Number(val());
    else if (a === "--work") o.work = val();
    else if (a === "--step-timeout") o.stepTimeout = Number(val());
    else if (a === "--vectors") o.vectors = val();
    else if (a === "--self-check") o.selfCheck = true;
    else if (a === "--quiet") o.quiet = true;
    else if (a === "--client-arg") o.clientArgs.push(val());
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(Number.isInteger(o.suite) && o.suite >= 1 && o.suite <= 7)) throw new Error("--suite must be one of 1..7");
  if (!o.work) throw new Error("--work DIR is required");
  if (!o.selfCheck && (!o.java || !o.jar)) throw new Error("--java and --jar are required (or --self-check)");
  return o;
}

async function main() {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\nusage: node scenario.mjs (--java JAVA --jar JAR | --self-check) --suite 1..7 --work DIR [--step-timeout MS] [--vectors DIR] [--quiet] [--client-arg ARG ...]\n`);
    process.exit(2);
  }
  quiet = !!o.quiet;
  const started = Date.now();
  mkdirSync(o.work, { recursive: true });
  const work = mkdtempSync(path.join(path.resolve(o.work), `suite${o.suite}-`));
  const ours = o.selfCheck
    ? makeOurs({ command: process.execPath, prefix: [path.join(HERE, "fake-client.mjs"), "client"], timeoutMs: o.stepTimeout, log: trace })
    : makeOurs({ command: o.java, prefix: ["-jar", path.resolve(o.jar), "client", ...o.clientArgs], timeoutMs: o.stepTimeout, log: trace });
  const extra = o.clientArgs.length > 0 ? ` ${o.clientArgs.join(" ")}` : "";
  say(`ts-mls interop, suite ${o.suite}, ${o.selfCheck ? "SELF-CHECK (a ts-mls stand-in plays our client)" : `our client: ${o.java} -jar ${o.jar} client${extra}`}, work dir ${work}`);

  let exitCode = 0;
  try {
    const impl = await suiteImpl(o.suite);
    const ctx = { ours, suite: o.suite, impl, work };
    if (o.vectors) {
      step("known-answer checks of ts-mls against the MLS test vectors");
      await knownAnswerChecks(o.vectors, o.suite, impl, eq);
    }
    await scenarioA(ctx, "extension", true);
    await scenarioA(ctx, "file", false);
    await scenarioB(ctx, "extension", true);
    await scenarioB(ctx, "file", false);
  } catch (e) {
    exitCode = 1;
    if (!(e instanceof CheckFailed)) tally.failed++;
    say(`FAILED at step "${currentStep}":\n  ${e instanceof CheckFailed ? "mismatch: " : "error: "}${e instanceof CheckFailed ? e.message : (e?.stack ?? e)}`);
  }
  say(`suite ${o.suite}: ${exitCode === 0 ? "all checks passed" : "stopped at the first failure"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  say(`${tally.passed} passed, ${tally.failed} failed`);
  process.exit(exitCode);
}

await main();
