package dev.mlscustody.mls.group;

import dev.mlscustody.mls.MlsException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Runs independent per-item work (signature checks of added KeyPackages, Welcome encryptions)
 * on the common pool when there is enough of it; the first failure in list order is rethrown,
 * so results do not depend on scheduling.
 */
final class Parallel {
    /** Below this many items the work stays on the calling thread. */
    static final int THRESHOLD = 16;

    @FunctionalInterface
    interface Task<T, R> {
        R apply(T item) throws MlsException;
    }

    private Parallel() {
    }

    static <T, R> List<R> map(List<T> items, Task<T, R> task) throws MlsException {
        int n = items.size();
        Object[] results = new Object[n];
        MlsException[] errors = new MlsException[n];
        RuntimeException[] bugs = new RuntimeException[n];
        IntStream range = IntStream.range(0, n);
        (n >= THRESHOLD ? range.parallel() : range).forEach(i -> {
            try {
                results[i] = task.apply(items.get(i));
            } catch (MlsException e) {
                errors[i] = e;
            } catch (RuntimeException e) {
                bugs[i] = e;
            }
        });
        List<R> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (errors[i] != null) {
                throw errors[i];
            }
            if (bugs[i] != null) {
                throw bugs[i];
            }
            @SuppressWarnings("unchecked")
            R r = (R) results[i];
            out.add(r);
        }
        return out;
    }
}
