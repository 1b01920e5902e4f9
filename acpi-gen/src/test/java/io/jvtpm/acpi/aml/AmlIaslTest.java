package io.jvtpm.acpi.aml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jvtpm.engine.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Peer test: iasl compiles the ASL of each {@link AmlCases} row inside a DefinitionBlock, and the
 * table body (after the 36-byte header) equals what our nodes encode.
 */
@Tag("peer")
class AmlIaslTest {

    @TempDir
    static Path dir;

    static Path iasl;

    @BeforeAll
    static void findIasl() {
        iasl = Peers.require("iasl", "acpica-tools");
    }

    static Stream<AmlCases.Case> cases() {
        return AmlCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void iaslCompilesTheAslToOurBytes(AmlCases.Case c) throws Exception {
        Path src = dir.resolve(c.id() + ".asl");
        Files.writeString(src, "DefinitionBlock (\"\", \"SSDT\", 2, \"JVTPM \", \"TEST\", 1)\n{\n"
                + c.aslBody() + "\n}\n");
        Peers.Result r = Peers.run(dir, iasl.toString(), "-p", c.id(), src.toString());
        assertEquals(0, r.exitCode(), "iasl failed on " + c.id() + ":\n" + r.output());
        assumeTrue(c.iaslDiffers() == null, "iasl compiles it, but not to the same bytes: " + c.iaslDiffers());
        byte[] aml = Files.readAllBytes(dir.resolve(c.id() + ".aml"));
        assertTrue(aml.length >= 36, "iasl output too short");
        byte[] body = Arrays.copyOfRange(aml, 36, aml.length);
        HexFormat hex = HexFormat.of();
        assertEquals(hex.formatHex(body), hex.formatHex(Asl.encode(c.terms())), c.id() + ": " + c.asl());
    }
}
