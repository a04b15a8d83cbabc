/**
 * The MLS member state machine (RFC 9420 §8–§15): creating, joining, evolving and leaving
 * groups, with the member's leaf keys held as custody handles.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link dev.mlscustody.mls.group.GroupEnvironment}: policy ({@link dev.mlscustody.mls.group.GroupConfig}),
 *       the {@code KeyCustody} that generates new leaf keys, external PSKs
 *       ({@link dev.mlscustody.mls.group.PskStore}), the authentication service
 *       ({@link dev.mlscustody.mls.group.CredentialValidator}, {@link dev.mlscustody.mls.group.X509CredentialValidator})
 *       and resumption PSKs of other groups.</li>
 *   <li>{@link dev.mlscustody.mls.group.KeyPackageFactory} creates KeyPackages whose init and leaf keys are
 *       generated in custody; {@link dev.mlscustody.mls.group.KeyPackageValidator} checks received ones (§10.1).</li>
 *   <li>{@link dev.mlscustody.mls.group.Group#create}, {@link dev.mlscustody.mls.group.Group#stageWelcome} then
 *       {@link dev.mlscustody.mls.group.StagedWelcome#join}, {@link dev.mlscustody.mls.group.Group#joinByExternalCommit}.</li>
 *   <li>{@link dev.mlscustody.mls.group.Group#process} returns a {@link dev.mlscustody.mls.group.ProcessedMessage}:
 *       application data, a cached proposal, or a {@link dev.mlscustody.mls.group.StagedCommit} to inspect and
 *       {@link dev.mlscustody.mls.group.Group#merge}.</li>
 *   <li>{@link dev.mlscustody.mls.group.Group#propose()}, {@link dev.mlscustody.mls.group.Group#commit} (pending until
 *       {@link dev.mlscustody.mls.group.Group#mergePendingCommit} or {@link dev.mlscustody.mls.group.Group#discardPendingCommit}),
 *       {@link dev.mlscustody.mls.group.Group#encrypt}, {@link dev.mlscustody.mls.group.Group#export},
 *       {@link dev.mlscustody.mls.group.Group#epochAuthenticator}, {@link dev.mlscustody.mls.group.Group#groupInfo},
 *       {@link dev.mlscustody.mls.group.Group#branch}, {@link dev.mlscustody.mls.group.Group#reinitialize}.</li>
 *   <li>{@link dev.mlscustody.mls.group.GroupStateCodec} snapshots and restores the whole member state.</li>
 * </ul>
 *
 * <h2>Custody keys</h2>
 * Nothing here destroys a custody key. Every operation that makes one useless reports its id
 * ({@link dev.mlscustody.mls.group.MergeResult#keysToDestroy()},
 * {@link dev.mlscustody.mls.group.StagedWelcome#keysToDestroy()}, the list returned by
 * {@link dev.mlscustody.mls.group.Group#discardPendingCommit()}), to be destroyed once the new state is durable.
 *
 * <h2>Errors</h2>
 * Bad input raises {@link dev.mlscustody.mls.ValidationException} with a reason naming the
 * broken rule; operations not allowed in the current state raise
 * {@link dev.mlscustody.mls.group.GroupStateException}; custody failures raise
 * {@code KeyCustodyException}; malformed encodings raise {@code DecodeException}. In every case the
 * group is unchanged. The rule-to-test table is in {@code GroupValidationTest}.
 *
 * <h2>Internal structure</h2>
 * One class per concern: {@code Framing} (§6 protection), {@code MessageProcessor} (incoming),
 * {@code ProposalApplier} (§12.2/§12.3), {@code CommitStager} (§12.4.2), {@code CommitBuilder}
 * (§12.4.1), {@code WelcomeJoiner} (§12.4.3.1), {@code ExternalCommitBuilder} (§12.4.3.2),
 * {@code GroupCreation} (§11), {@code GroupResumption} (§11.2/§11.3), {@code Psks} (§8.4), {@code EpochState} (the state of
 * one epoch, with the {@code tree.PrivateTreeKeys} of our leaf). TreeKEM (§7.4–§7.6), LeafNode
 * validation (§7.3) and message protection (§6) are those of the {@code tree} and {@code framing}
 * packages.
 */
package dev.mlscustody.mls.group;
