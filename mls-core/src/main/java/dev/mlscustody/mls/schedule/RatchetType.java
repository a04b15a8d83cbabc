package dev.mlscustody.mls.schedule;

/**
 * The two hash ratchets of each leaf of the secret tree (RFC 9420 §9): handshake messages
 * (proposals, commits) and application messages use separate ratchets.
 */
public enum RatchetType {
    HANDSHAKE("handshake"),
    APPLICATION("application");

    private final String label;

    RatchetType(String label) {
        this.label = label;
    }

    /** The ExpandWithLabel label that starts this ratchet from the leaf secret. */
    public String label() {
        return label;
    }
}
