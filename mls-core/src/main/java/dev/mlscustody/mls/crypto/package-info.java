/**
 * The crypto SPI and the software provider (RFC 9420 §5, RFC 9180).
 *
 * <ul>
 *   <li>{@link dev.mlscustody.mls.crypto.CipherSuite}: suites 1..7 (RFC 9420 §17.1), their
 *       primitives and the labelled helpers of RFC 9420 §5/§8/§9, which exist only there.</li>
 *   <li>{@link dev.mlscustody.mls.crypto.Hpke}: RFC 9180 base mode written once over
 *       {@link dev.mlscustody.mls.crypto.HpkePrivateKey#dh(byte[])}: a custody handle performs only
 *       the DH of decapsulation.</li>
 *   <li>Software handles ({@link dev.mlscustody.mls.crypto.SoftwareSignatureKey},
 *       {@link dev.mlscustody.mls.crypto.SoftwareHpkeKey}) and
 *       {@link dev.mlscustody.mls.crypto.SoftwareKeyCustody} (in memory or one file per key).</li>
 * </ul>
 *
 * <p>Which library runs each primitive was decided by measurement on JDK 25.0.3, 2-core machine
 * ({@code dev.mlscustody.mls.bench.PrimitiveChoiceBench}, ops/s, JDK vs Bouncy Castle 1.87
 * lightweight API): Ed25519 sign 1.3k vs 28.6k, verify 1.6k vs 11.4k; ECDSA P-256 sign 5.4k vs
 * 7.1k, verify 1.3k vs 9.7k (BC custom-curve arithmetic); ECDH P-256 1.0k vs 4.9k; X25519 6.7k vs
 * 11.6k; AES-128-GCM seal 1 KiB 1.09M vs 55k; ChaCha20-Poly1305 seal 1 KiB 482k vs 176k. Hence:
 * signatures and DH on Bouncy Castle, AEADs, SHA-2 and HMAC on the JDK (CPU intrinsics).
 */
package dev.mlscustody.mls.crypto;
