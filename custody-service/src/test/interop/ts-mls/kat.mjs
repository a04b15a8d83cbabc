// Known-answer checks of the ts-mls pieces the scenario relies on, against the official MLS test
// vectors (run by `scenario.mjs --self-check --vectors DIR`). The self-check proper only shows that
// two ts-mls clients agree with each other; these show that what ts-mls computes is RFC 9420's:
//  - MLS-Exporter (ts-mls' mlsExporter, the function the scenario compares our `export` with)
//    reproduces key-schedule.json's exporter values;
//  - the ratchet tree file codec: decode + re-encode of treekem.json's ratchet_tree is byte-exact.
import { readFileSync } from "node:fs";
import path from "node:path";
import { mlsExporter } from "ts-mls";
import { decodeRatchetTree, encodeRatchetTree } from "ts-mls/ratchetTree.js";
import { fromHex, toHex } from "./tsmls.mjs";

/** Runs the known-answer checks for `suite`; `eq(what, actual, expected)` records each comparison. */
export async function knownAnswerChecks(vectorsDir, suite, impl, eq) {
  const schedule = JSON.parse(readFileSync(path.join(vectorsDir, "key-schedule.json"), "utf8")).find((v) => v.cipher_suite === suite);
  if (schedule === undefined) throw new Error(`key-schedule.json has no suite ${suite}`);
  for (const [i, e] of schedule.epochs.entries()) {
    const { label, context, length, secret } = e.exporter;
    // The vectors' exporter label looks like hex but is used as a literal ASCII string (as MLSpp,
    // which generated them, does); the context is hex-decoded.
    eq(`KAT key-schedule.json epoch ${i}: ts-mls mlsExporter reproduces exporter.secret`,
      toHex(await mlsExporter(fromHex(e.exporter_secret), label, fromHex(context), length, impl)), secret);
  }

  const trees = JSON.parse(readFileSync(path.join(vectorsDir, "treekem.json"), "utf8")).filter((v) => v.cipher_suite === suite).slice(0, 3);
  if (trees.length === 0) throw new Error(`treekem.json has no suite ${suite}`);
  trees.forEach((v, i) => {
    const bytes = fromHex(v.ratchet_tree);
    const decoded = decodeRatchetTree(bytes, 0);
    eq(`KAT treekem.json tree ${i}: ts-mls decodes the whole ratchet_tree`, decoded?.[1], bytes.length);
    eq(`KAT treekem.json tree ${i}: ts-mls re-encodes it byte for byte`, toHex(encodeRatchetTree(decoded[0])), v.ratchet_tree);
  });
}
