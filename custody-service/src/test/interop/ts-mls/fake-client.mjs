#!/usr/bin/env node
// A ts-mls stand-in for OUR command-line client, used only by `scenario.mjs --self-check`.
// Usage: node fake-client.mjs client COMMAND [options]   (same contract as mls-custody.jar client)
//
// It keeps a member's state in --state DIR across calls (ts-mls' own GroupState encoding), reads and
// writes TLS-encoded MLSMessage files and prints one JSON line, so that the scenario's whole file
// flow, JSON parsing and comparison logic run exactly as they will against our real client.
// Only the commands that scenario.mjs uses are implemented.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  acceptAll,
  createApplicationMessage,
  createCommit,
  createGroup,
  decodeGroupState,
  emptyPskIndex,
  encodeGroupState,
  joinGroup,
  processMessage,
} from "ts-mls";
import { defaultClientConfig } from "ts-mls/clientConfig.js";
import { decodeKeyPackage, encodeKeyPackage } from "ts-mls/keyPackage.js";
import {
  exportSecret,
  fromHex,
  groupView,
  newKeyPackage,
  readMessage,
  readTree,
  suiteImpl,
  toHex,
  untext,
  text,
  writeFramed,
  writeMessage,
  writeTree,
} from "./tsmls.mjs";

// ---------- argument parsing: --name value (repeatable) and boolean switches ----------
const SWITCHES = new Set(["public", "ratchet-tree-ext", "with-tree"]);

function parse(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const name = a.slice(2);
    if (SWITCHES.has(name)) {
      opts[name] = true;
      continue;
    }
    if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
    (opts[name] ??= []).push(argv[++i]);
  }
  return {
    one(name, required = true) {
      const v = opts[name];
      if (v === undefined) {
        if (required) throw new Error(`missing --${name}`);
        return undefined;
      }
      if (v.length !== 1) throw new Error(`--${name} given ${v.length} times`);
      return v[0];
    },
    all: (name) => opts[name] ?? [],
    has: (name) => opts[name] === true,
  };
}

// ---------- state files ----------
// DIR/pending.json : a KeyPackage waiting for a Welcome (suite, keypackage and private keys, hex)
// DIR/group.json   : suite and the hex of ts-mls' encodeGroupState(state)
const pendingFile = (dir) => path.join(dir, "pending.json");
const groupFile = (dir) => path.join(dir, "group.json");

async function loadGroup(dir) {
  if (!existsSync(groupFile(dir))) throw new Error(`no group state in ${dir}`);
  const { suite, state } = JSON.parse(readFileSync(groupFile(dir), "utf8"));
  const decoded = decodeGroupState(fromHex(state), 0);
  if (decoded === undefined) throw new Error(`corrupt group state in ${dir}`);
  // ClientState = GroupState + clientConfig; the config is not part of the encoding.
  return { suite, impl: await suiteImpl(suite), state: { ...decoded[0], clientConfig: defaultClientConfig } };
}

function saveGroup(dir, suite, state) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(groupFile(dir), JSON.stringify({ suite, state: toHex(encodeGroupState(state)) }));
}

// ---------- commands ----------
const commands = {
  async keypackage(o) {
    const suite = Number(o.one("suite"));
    const dir = o.one("out-dir");
    const out = o.one("out", false) ?? path.join(dir, "keypackage.mls");
    const impl = await suiteImpl(suite);
    const kp = await newKeyPackage(o.one("identity"), impl);
    mkdirSync(dir, { recursive: true });
    writeFileSync(pendingFile(dir), JSON.stringify({
      suite,
      keyPackage: toHex(encodeKeyPackage(kp.publicPackage)),
      initPrivateKey: toHex(kp.privatePackage.initPrivateKey),
      hpkePrivateKey: toHex(kp.privatePackage.hpkePrivateKey),
      signaturePrivateKey: toHex(kp.privatePackage.signaturePrivateKey),
    }));
    writeMessage(out, "mls_key_package", kp.publicPackage);
    return { keyPackage: out };
  },

  async create(o) {
    const suite = Number(o.one("suite"));
    const dir = o.one("state");
    const impl = await suiteImpl(suite);
    const kp = await newKeyPackage(o.one("identity"), impl);
    const gid = o.one("group-id", false);
    const groupId = gid === undefined ? crypto.getRandomValues(new Uint8Array(16)) : fromHex(gid);
    const state = await createGroup(groupId, kp.publicPackage, kp.privatePackage, [], impl);
    saveGroup(dir, suite, state);
    return { groupId: toHex(groupId), ...groupView(state) };
  },

  async add(o) {
    const dir = o.one("state");
    const { suite, impl, state } = await loadGroup(dir);
    const extraProposals = o.all("keypackage").map((f) => ({ proposalType: "add", add: { keyPackage: readMessage(f, "mls_key_package").keyPackage } }));
    if (extraProposals.length === 0) throw new Error("add needs --keypackage");
    const res = await createCommit({ state, cipherSuite: impl }, { extraProposals, ratchetTreeExtension: o.has("ratchet-tree-ext"), wireAsPublicMessage: o.has("public") });
    writeFramed(o.one("out-commit"), res.commit);
    writeMessage(o.one("out-welcome"), "mls_welcome", res.welcome);
    const outTree = o.one("out-tree", false);
    if (outTree !== undefined) writeTree(outTree, res.newState.ratchetTree);
    saveGroup(dir, suite, res.newState);
    return groupView(res.newState);
  },

  async join(o) {
    const dir = o.one("state");
    if (!existsSync(pendingFile(dir))) throw new Error(`no pending KeyPackage in ${dir}`);
    const pending = JSON.parse(readFileSync(pendingFile(dir), "utf8"));
    const impl = await suiteImpl(pending.suite);
    const keyPackage = decodeKeyPackage(fromHex(pending.keyPackage), 0)[0];
    const privateKeys = {
      initPrivateKey: fromHex(pending.initPrivateKey),
      hpkePrivateKey: fromHex(pending.hpkePrivateKey),
      signaturePrivateKey: fromHex(pending.signaturePrivateKey),
    };
    const welcome = readMessage(o.one("welcome"), "mls_welcome").welcome;
    const treeFile = o.one("tree", false);
    const state = await joinGroup(welcome, keyPackage, privateKeys, emptyPskIndex, impl, treeFile === undefined ? undefined : readTree(treeFile));
    saveGroup(dir, pending.suite, state);
    return groupView(state);
  },

  async encrypt(o) {
    const dir = o.one("state");
    const { suite, impl, state } = await loadGroup(dir);
    const res = await createApplicationMessage(state, text(o.one("text")), impl);
    writeMessage(o.one("out"), "mls_private_message", res.privateMessage);
    saveGroup(dir, suite, res.newState);
    return groupView(res.newState);
  },

  async decrypt(o) {
    const r = await receive(o);
    if (r.kind !== "application") throw new Error(`expected an application message, got a ${r.kind}`);
    return r;
  },

  async process(o) {
    return receive(o);
  },

  async commit(o) {
    const dir = o.one("state");
    const { suite, impl, state } = await loadGroup(dir);
    if (o.all("keypackage").length || o.all("remove-leaf").length || o.all("psk-id").length)
      throw new Error("the self-check stand-in only does self-update commits");
    // No proposals: ts-mls then always includes an UpdatePath (a full-path self-update).
    const res = await createCommit({ state, cipherSuite: impl }, { wireAsPublicMessage: o.has("public"), ratchetTreeExtension: o.has("ratchet-tree-ext") });
    writeFramed(o.one("out"), res.commit);
    saveGroup(dir, suite, res.newState);
    return groupView(res.newState);
  },

  async export(o) {
    const { impl, state } = await loadGroup(o.one("state"));
    let secret = await exportSecret(state, o.one("label"), fromHex(o.one("context")), Number(o.one("length")), impl);
    // Deliberately wrong answers, so that a test can show the scenario catches a mismatch.
    if (process.env.TSMLS_FAKE_SABOTAGE === "export") secret = (secret[0] === "0" ? "1" : "0") + secret.slice(1);
    return { secret, ...groupView(state) };
  },

  async info(o) {
    const { state } = await loadGroup(o.one("state"));
    return { groupId: toHex(state.groupContext.groupId), ...groupView(state) };
  },

  async tree(o) {
    const { state } = await loadGroup(o.one("state"));
    writeTree(o.one("out"), state.ratchetTree);
    return groupView(state);
  },
};

/** Processes one incoming handshake or application message (public or private). */
async function receive(o) {
  const dir = o.one("state");
  const { suite, impl, state } = await loadGroup(dir);
  const msg = readMessage(o.one("in"), ["mls_private_message", "mls_public_message"]);
  const contentType = msg.wireformat === "mls_private_message" ? msg.privateMessage.contentType : msg.publicMessage.content.contentType;
  const res = await processMessage(msg, state, emptyPskIndex, acceptAll, impl);
  saveGroup(dir, suite, res.newState);
  if (res.kind === "applicationMessage") return { kind: "application", text: untext(res.message), ...groupView(res.newState) };
  if (contentType !== "commit" && contentType !== "proposal") throw new Error(`unexpected content type ${contentType}`);
  return { kind: contentType, ...groupView(res.newState) };
}

async function main(argv) {
  if (argv[0] !== "client") throw new Error('usage: fake-client.mjs client COMMAND [options]');
  const command = commands[argv[1]];
  if (command === undefined) throw new Error(`command ${argv[1]} is not implemented by the self-check stand-in`);
  const result = await command(parse(argv.slice(2)));
  process.stdout.write(JSON.stringify({ ok: true, ...result }) + "\n");
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(JSON.stringify({ ok: false, error: String(e?.stack ?? e) }) + "\n");
  process.exitCode = 1;
});
