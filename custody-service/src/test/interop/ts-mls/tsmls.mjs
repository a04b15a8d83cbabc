// Thin helpers around ts-mls 1.6.4, shared by scenario.mjs (the ts-mls side of the interop
// scenario) and fake-client.mjs (a ts-mls stand-in for our CLI, used by --self-check).
//
// Conventions used throughout:
//  - every message that crosses the process boundary is a TLS-encoded MLSMessage (RFC 9420 §6),
//    exactly what ts-mls' encodeMlsMessage writes and decodeMlsMessage reads;
//  - a ratchet tree file holds the TLS encoding of `optional<Node> ratchet_tree<V>`, i.e. the
//    extension_data of the ratchet_tree extension (RFC 9420 §12.4.3.3), without trailing blanks;
//  - epochs are numbers on the JSON side and bigints inside ts-mls.
import { readFileSync, writeFileSync } from "node:fs";
import {
  ciphersuites,
  decodeMlsMessage,
  encodeMlsMessage,
  generateKeyPackageWithKey,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  mlsExporter,
} from "ts-mls";
// Not re-exported from the package index, but public through the package's "./*.js" export map.
import { greaseCapabilities } from "ts-mls/grease.js";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import { decodeRatchetTree, encodeRatchetTree } from "ts-mls/ratchetTree.js";

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder("utf-8", { fatal: true });

export const toHex = (bytes) => Buffer.from(bytes).toString("hex");

export function fromHex(hex) {
  if (typeof hex !== "string" || !/^([0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`not a hex string: ${hex}`);
  return new Uint8Array(Buffer.from(hex, "hex"));
}

export const text = (s) => utf8.encode(s);
export const untext = (bytes) => fromUtf8.decode(bytes);

/** ts-mls speaks cipher suite *names*; our CLI speaks RFC 9420 ids. */
export function suiteName(id) {
  const name = Object.keys(ciphersuites).find((k) => ciphersuites[k] === Number(id));
  if (name === undefined) throw new Error(`ts-mls does not know cipher suite ${id}`);
  return name;
}

/** Loads the crypto implementation of suite `id` (needs @noble/curves for Ed25519 and P-256). */
export async function suiteImpl(id) {
  return getCiphersuiteImpl(getCiphersuiteFromName(suiteName(id)));
}

export function basicCredential(identity) {
  return { credentialType: "basic", identity: text(identity) };
}

/**
 * A fresh KeyPackage like ts-mls' defaults: capabilities list every suite ts-mls knows, credentials
 * basic and x509, no extensions. Two deliberate departures from ts-mls' defaults, because our side
 * enforces RFC 9420 where ts-mls 1.6.4's defaults do not follow it:
 *  - lifetime: one hour ago .. 90 days ahead. ts-mls' defaultLifetime is 0..2^63-1, which §7.2
 *    ("Applications MUST define a maximum total lifetime ... and reject any LeafNode where the
 *    total lifetime is longer") lets a receiver reject; ours rejects anything over 366 days.
 *  - ECDSA signature keys: ts-mls' default provider takes noble's getPublicKey() default, a
 *    *compressed* SEC1 point; §5.1.1 requires UncompressedPointRepresentation, and we reject
 *    compressed keys. We hand ts-mls the same key pair with the public key uncompressed (ts-mls
 *    signs with the private key only and verifies with noble, which accepts both forms).
 * ts-mls'
 * defaultCapabilities() adds each RFC 9420 §13.5 GREASE value (0x0A0A, 0x1A1A, ... 0xEAEA) at
 * random (p = 0.1) to the suites, extensions, proposals and credentials; to keep runs reproducible
 * we choose instead: `grease: true` adds all of them, `grease: false` none.
 */
export async function newKeyPackage(identity, impl, { grease = false } = {}) {
  const base = {
    versions: ["mls10"],
    ciphersuites: Object.keys(ciphersuites),
    extensions: [],
    proposals: [],
    credentials: ["basic", "x509"],
  };
  const capabilities = greaseCapabilities({ probabilityPerGreaseValue: grease ? 1 : 0 }, base);
  const now = BigInt(Math.floor(Date.now() / 1000));
  const lifetime = { notBefore: now - 3600n, notAfter: now + 90n * 24n * 3600n };
  const keys = await impl.signature.keygen();
  const signatureKeyPair = { signKey: keys.signKey, publicKey: uncompressedIfSec1(keys.publicKey) };
  return generateKeyPackageWithKey(basicCredential(identity), capabilities, lifetime, [], signatureKeyPair, impl);
}

/** A compressed SEC1 point (0x02/0x03 prefix) of P-256/P-384/P-521 as an uncompressed one; else unchanged. */
function uncompressedIfSec1(publicKey) {
  const curves = { 33: p256, 49: p384, 67: p521 };
  const curve = curves[publicKey.length];
  if (curve === undefined || (publicKey[0] !== 2 && publicKey[0] !== 3)) {
    return publicKey;
  }
  return curve.Point.fromBytes(publicKey).toBytes(false);
}

// ---------- MLSMessage files ----------

const WIREFORMAT_FIELD = {
  mls_key_package: "keyPackage",
  mls_welcome: "welcome",
  mls_group_info: "groupInfo",
  mls_public_message: "publicMessage",
  mls_private_message: "privateMessage",
};

/** Writes one MLSMessage of the given wire format (e.g. "mls_welcome") to `file`. */
export function writeMessage(file, wireformat, body) {
  const field = WIREFORMAT_FIELD[wireformat];
  if (field === undefined) throw new Error(`unknown wire format ${wireformat}`);
  writeFileSync(file, encodeMlsMessage({ version: "mls10", wireformat, [field]: body }));
}

/** Writes an already framed MLSMessage object (as returned by createCommit/createProposal). */
export function writeFramed(file, mlsMessage) {
  writeFileSync(file, encodeMlsMessage(mlsMessage));
}

/**
 * Reads a file that must hold exactly one MLSMessage; returns the decoded message. When
 * `expected` is given (a wire format name or an array of them), any other wire format is an error.
 */
export function readMessage(file, expected) {
  const bytes = new Uint8Array(readFileSync(file));
  let decoded;
  try {
    decoded = decodeMlsMessage(bytes, 0);
  } catch (e) {
    throw new Error(`${file}: not a decodable MLSMessage (${e.message})`);
  }
  if (decoded === undefined) throw new Error(`${file}: not a decodable MLSMessage (${bytes.length} bytes)`);
  const [msg, length] = decoded;
  if (length !== bytes.length) throw new Error(`${file}: ${bytes.length - length} trailing bytes after the MLSMessage`);
  if (msg.version !== "mls10") throw new Error(`${file}: protocol version ${msg.version}, expected mls10`);
  const allowed = expected === undefined ? undefined : [].concat(expected);
  if (allowed !== undefined && !allowed.includes(msg.wireformat))
    throw new Error(`${file}: wire format ${msg.wireformat}, expected ${allowed.join(" or ")}`);
  return msg;
}

export function writeTree(file, tree) {
  writeFileSync(file, encodeRatchetTree(tree));
}

export function readTree(file) {
  const bytes = new Uint8Array(readFileSync(file));
  const decoded = decodeRatchetTree(bytes, 0);
  if (decoded === undefined) throw new Error(`${file}: not a decodable ratchet tree`);
  if (decoded[1] !== bytes.length) throw new Error(`${file}: trailing bytes after the ratchet tree`);
  return decoded[0];
}

// ---------- views of a ts-mls ClientState, in the JSON shapes of our CLI ----------

/** [{leaf, identity}] of the non-blank leaves, in leaf order (leaf i is tree node 2i). */
export function members(state) {
  const out = [];
  state.ratchetTree.forEach((node, nodeIndex) => {
    if (nodeIndex % 2 === 0 && node?.nodeType === "leaf") {
      const cred = node.leaf.credential;
      out.push({ leaf: nodeIndex / 2, identity: cred.credentialType === "basic" ? untext(cred.identity) : `<${cred.credentialType}>` });
    }
  });
  return out;
}

/** The fields our CLI prints for every group-related command. */
export function groupView(state) {
  return {
    epoch: Number(state.groupContext.epoch),
    epochAuthenticator: toHex(state.keySchedule.epochAuthenticator),
    ownLeaf: state.privatePath.leafIndex,
    members: members(state),
  };
}

/** RFC 9420 §8.5 MLS-Exporter(label, context, length) of the current epoch. */
export async function exportSecret(state, label, contextBytes, length, impl) {
  return toHex(await mlsExporter(state.keySchedule.exporterSecret, label, contextBytes, length, impl));
}
