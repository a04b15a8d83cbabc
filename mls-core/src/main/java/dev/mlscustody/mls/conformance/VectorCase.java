package dev.mlscustody.mls.conformance;

import java.util.List;

/**
 * One case of an official MLS test-vector file (one element of its top-level JSON array), seen
 * through a JSON-library-independent view. Byte strings are hex in the files.
 * Missing fields or wrong JSON types raise {@link VectorFormatException}.
 */
public interface VectorCase {
    /** True if the field exists and is not JSON null. */
    boolean has(String field);

    /** A hex string field, decoded. */
    byte[] bytes(String field) throws VectorFormatException;

    /** An integer field. */
    long number(String field) throws VectorFormatException;

    /** A string field, as is (not hex-decoded). */
    String text(String field) throws VectorFormatException;

    VectorCase object(String field) throws VectorFormatException;

    /** An array of objects. */
    List<VectorCase> objects(String field) throws VectorFormatException;

    /** An array of hex strings; JSON null elements become null. */
    List<byte[]> bytesList(String field) throws VectorFormatException;

    /** An array of integers; JSON null elements become null. */
    List<Long> numbers(String field) throws VectorFormatException;

    /** An array of arrays of objects (e.g. secret-tree leaves). */
    List<List<VectorCase>> objectLists(String field) throws VectorFormatException;

    /** An array of arrays of integers (e.g. tree-validation resolutions). */
    List<List<Long>> numberLists(String field) throws VectorFormatException;
}
