/**
 * RFC 9420 §6 message framing as immutable wire structs: {@link dev.mlscustody.mls.framing.MlsMessage},
 * {@link dev.mlscustody.mls.framing.PublicMessage}, {@link dev.mlscustody.mls.framing.PrivateMessage},
 * {@link dev.mlscustody.mls.framing.AuthenticatedContent} and their parts.
 *
 * <p>Conventions shared by the {@code framing}, {@code message} and {@code tree} packages: every
 * struct is a record (unions are sealed interfaces of records) that implements
 * {@link dev.mlscustody.mls.codec.TlsEncodable} and has a {@code static T decode(TlsReader)}.
 * Decoding is strict: every malformation is a {@link dev.mlscustody.mls.codec.DecodeException},
 * and whatever decodes re-encodes to the identical bytes. Constructors check the invariants that
 * the encoding relies on (tag presence, uint ranges) with {@link IllegalArgumentException}.
 * {@code uint32} fields are held in {@code long}s, {@code uint64} in {@code long}s read as
 * unsigned, {@code uint16} code points in {@code int}s. {@code byte[]} components are never
 * copied and must be treated as immutable. Records with array components compare by content.
 */
package dev.mlscustody.mls.framing;
