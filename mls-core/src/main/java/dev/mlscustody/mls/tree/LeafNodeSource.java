package dev.mlscustody.mls.tree;

import dev.mlscustody.mls.codec.DecodeException;

/**
 * RFC 9420 §7.2: {@code enum { reserved(0), key_package(1), update(2), commit(3), (255) } LeafNodeSource;}
 * Reserved and unknown values are rejected.
 */
public enum LeafNodeSource {
    KEY_PACKAGE(1),
    UPDATE(2),
    COMMIT(3);

    private final int code;

    LeafNodeSource(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static LeafNodeSource fromCode(int code) throws DecodeException {
        return switch (code) {
            case 1 -> KEY_PACKAGE;
            case 2 -> UPDATE;
            case 3 -> COMMIT;
            default -> throw new DecodeException("unknown leaf node source " + code);
        };
    }
}
