/**
 * RFC 9420 credentials (§5.3), extensions (§7.2, §13), KeyPackage (§10), proposals and Commit
 * (§12.1, §12.4), Welcome, GroupInfo and GroupSecrets (§12.4.3) as immutable wire structs.
 *
 * <p>Each {@link dev.mlscustody.mls.message.Proposal} variant encodes as a whole Proposal (type then
 * body) and offers {@code bodyBytes()} and a static {@code decodeBody(TlsReader)} for its bare
 * body struct. See {@link dev.mlscustody.mls.framing} for the conventions shared by all structs.
 */
package dev.mlscustody.mls.message;
