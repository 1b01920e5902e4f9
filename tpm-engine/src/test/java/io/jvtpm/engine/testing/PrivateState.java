package io.jvtpm.engine.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks that a TPM state directory is private: the directory mode 0700 and nothing in it with a
 * group or other permission bit.
 */
public final class PrivateState {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateState() {
    }

    /**
     * Asserts that {@code dir} is mode 0700 and every entry in it has no group or other bits;
     * returns the names of the entries.
     */
    public static List<String> assertPrivate(Path dir) throws IOException {
        assertEquals(DIRECTORY, Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS),
                "mode of the state directory " + dir);
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> entries = s.sorted().collect(Collectors.toList());
            for (Path p : entries) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                assertTrue(mode.stream().allMatch(b -> b.name().startsWith("OWNER_")),
                        p.getFileName() + " is " + PosixFilePermissions.toString(mode) + ", readable by others");
            }
            return entries.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
        }
    }
}
