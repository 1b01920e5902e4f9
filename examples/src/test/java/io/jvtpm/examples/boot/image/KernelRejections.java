package io.jvtpm.examples.boot.image;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.examples.boot.BootException;
import org.junit.jupiter.api.function.Executable;

/** How a kernel file the launcher cannot boot is refused: a one-line BootException naming the file and the problem. */
final class KernelRejections {

    private KernelRejections() {
    }

    /** Asserts that {@code parse} throws a one-line BootException starting {@code prefix} and containing {@code problem}. */
    static void assertRejected(Executable parse, String prefix, String problem) {
        BootException e = assertThrows(BootException.class, parse);
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
