package io.jvtpm.ppi.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePpFlagStoreTest {

    @Test
    void missingFileMeansDefaults(@TempDir Path dir) {
        assertEquals(PpFlags.DEFAULT, PpFlagStore.inDirectory(dir.resolve("new")).load());
    }

    @Test
    void savedFlagsComeBackAndNoTemporaryFileRemains(@TempDir Path dir) throws Exception {
        PpFlagStore s = PpFlagStore.inDirectory(dir);
        for (PpFlags f : List.of(new PpFlags(EnumSet.noneOf(PpFlag.class)),
                new PpFlags(EnumSet.of(PpFlag.PP_REQUIRED_FOR_CHANGE_EPS)), PpFlags.DEFAULT)) {
            s.save(f);
            assertEquals(f, PpFlagStore.inDirectory(dir).load());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("ppi-flags")), files.toList());
        }
        String text = Files.readString(dir.resolve("ppi-flags"));
        assertTrue(text.startsWith("jvtpm-ppi-flags 1\npp-required clear change-pcrs change-eps\ncrc32 "), text);
    }

    @Test
    void anEditedOrTornFileIsReportedNotReplaced(@TempDir Path dir) throws Exception {
        PpFlagStore s = PpFlagStore.inDirectory(dir);
        s.save(PpFlags.DEFAULT);
        Path f = dir.resolve("ppi-flags");
        String good = Files.readString(f);
        for (String bad : List.of(good.replace("clear ", ""), good.substring(0, good.length() - 5), "",
                "garbage\n", good.replace("jvtpm-ppi-flags 1", "jvtpm-ppi-flags 2"),
                good.replace("change-eps", "change-epz"))) {
            Files.writeString(f, bad, StandardCharsets.US_ASCII);
            PpFlagStoreException e = assertThrows(PpFlagStoreException.class, s::load, bad);
            assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
            assertEquals(bad, Files.readString(f), "left as it was");
        }
    }

    @Test
    void anUnwritableDirectoryIsReported(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("not-a-dir");
        Files.writeString(file, "x");
        PpFlagStore s = PpFlagStore.inDirectory(file);
        assertThrows(PpFlagStoreException.class, () -> s.save(PpFlags.DEFAULT));
    }
}
