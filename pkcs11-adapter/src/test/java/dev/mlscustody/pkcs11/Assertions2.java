package dev.mlscustody.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mlscustody.mls.crypto.KeyCustodyException;
import dev.mlscustody.mls.crypto.KeyCustodyException.Reason;
import org.junit.jupiter.api.function.Executable;

final class Assertions2 {
    private Assertions2() {
    }

    static KeyCustodyException assertReason(Reason expected, Executable e) {
        KeyCustodyException ex = assertThrows(KeyCustodyException.class, e);
        assertEquals(expected, ex.reason(), () -> "unexpected reason: " + ex.getMessage());
        return ex;
    }
}
