package dev.mlscustody.mls.group;

import dev.mlscustody.mls.ValidationException;
import dev.mlscustody.mls.ValidationException.Reason;
import dev.mlscustody.mls.framing.MlsMessage;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the negative group tests: before each test alice (suite 1) has created a group and added bob
 * and carol in one commit ({@link Members.Trio}); {@link #rejects} is the check they all make.
 */
abstract class ThreeMemberGroupTest {
    protected Members.Client alice;
    protected Members.Client bob;
    protected Members.Client carol;
    protected Group a;
    protected Group b;
    protected Group c;

    /** The group id (as UTF-8) of each test's group. */
    abstract String groupName();

    @BeforeEach
    final void threeMembers() throws Exception {
        Members.Trio t = Members.Trio.create(groupName());
        alice = t.alice();
        bob = t.bob();
        carol = t.carol();
        a = t.a();
        b = t.b();
        c = t.c();
    }

    /** Processing {@code message} at {@code g} fails with {@code reason} and changes nothing. */
    static ValidationException rejects(Group g, MlsMessage message, Reason reason) throws Exception {
        return Members.rejects(g, message, reason);
    }
}
