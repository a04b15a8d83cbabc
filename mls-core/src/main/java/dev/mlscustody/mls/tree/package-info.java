/**
 * RFC 9420 ratchet tree wire structs (§7: LeafNode, ParentNode, UpdatePath; §12.4.3.3: the
 * {@code optional<Node> ratchet_tree<V>} form) and the array-based tree math of Appendix C.
 * See {@link dev.mlscustody.mls.framing} for the conventions shared by all structs.
 */
package dev.mlscustody.mls.tree;
