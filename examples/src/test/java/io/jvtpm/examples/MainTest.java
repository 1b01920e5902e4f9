package io.jvtpm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code bin/jvtpm}'s one command line: help for every command, one-line errors that name the bad flag. */
class MainTest {

    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommand() {
        Outcome o = run("--help");
        assertEquals(0, o.code());
        for (String c : new String[] {"acpi", "boot", "kernel-cache", "socket"}) {
            assertTrue(o.out().contains("  " + c + " "), o.out());
        }
        assertEquals(2, run().code(), "no command is a bad command line");
    }

    @ParameterizedTest
    @CsvSource({"acpi,--hw-reduced", "boot,--kernel-cache=DIR|none", "kernel-cache,--dir=DIR", "socket,--tpmstate=dir=DIR"})
    void everyCommandHasHelp(String command, String flag) {
        for (String h : new String[] {"--help", "-h"}) {
            Outcome o = run(command, h);
            assertEquals(0, o.code(), o.err());
            assertTrue(o.out().startsWith("Usage: jvtpm " + command), o.out());
            assertTrue(o.out().contains(flag), o.out());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "boot --kernel k --bogus           # jvtpm boot: Unknown option: '--bogus'",
            "boot --kernel k --cpus 99         # jvtpm boot: --cpus 99 is outside 1-64",
            "boot --kernel k --tpm spi         # jvtpm boot: --tpm 'spi' is not one of tis|crb|none",
            "acpi --tpm tis --out o --cpus x   # jvtpm acpi: --cpus takes a number, not 'x'",
            "acpi --tpm                        # jvtpm acpi: Missing required parameter for option '--tpm' (tis|crb)",
            "kernel-cache --kernel k --kernel j # jvtpm kernel-cache: option '--kernel' (BZIMAGE) should be specified only once",
            "socket --tpmstate dir=s --server port=1 --flags fast # jvtpm socket: --flags: unknown flag 'fast'",
            "frob                              # jvtpm: unknown command 'frob' (commands: acpi, boot, kernel-cache, setup, socket)"})
    void badFlagsGiveOneLineNamingThem(String line, String message) {
        Outcome o = run(line.trim().split(" +"));
        assertEquals(2, o.code());
        assertEquals(message.trim(), o.err().strip());
        assertEquals(1, o.err().lines().count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--tpm=crb", "--tpm crb"})
    void acpiWritesItsFiles(String tpm, @TempDir Path dir) {
        String[] flags = (tpm + " --out " + dir.resolve("t")).split(" ");
        String[] args = new String[flags.length + 1];
        args[0] = "acpi";
        System.arraycopy(flags, 0, args, 1, flags.length);
        Outcome o = run(args);
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.exists(dir.resolve("t").resolve("tpm2.dat")));
    }
}
