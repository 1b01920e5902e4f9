package io.jvtpm.examples.cli;

import io.jvtpm.examples.boot.BootException;
import io.jvtpm.examples.boot.KernelCacheChoice;
import io.jvtpm.examples.boot.MachineOptions;
import io.jvtpm.examples.boot.TpmInterface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.ppi.PpiTransport;
import io.jvtpm.ppi.op.PpiOperation;
import io.jvtpm.ppi.policy.PolicyMode;
import io.jvtpm.ppi.policy.PpiPolicy;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BootOptionsTest {

    private static MachineOptions parse(String... args) throws BootException {
        return BootOptions.parse(args).orElseThrow();
    }

    @Test
    void defaults() throws BootException {
        MachineOptions o = parse("--kernel", "bz");
        assertEquals(Path.of("bz"), o.kernel());
        assertEquals(Optional.empty(), o.initrd());
        assertEquals("console=ttyS0", o.append());
        assertEquals(TpmInterface.TIS, o.tpm());
        assertEquals(PpiTransport.MEMORY, o.ppi());
        assertEquals(PpiPolicy.CONFIRM, o.ppiPolicy());
        assertEquals(Optional.empty(), o.tpmState());
        assertEquals(512L << 20, o.memoryBytes());
        assertEquals(1, o.cpus());
        assertEquals(new KernelCacheChoice.Default(), o.kernelCache());
        assertEquals(java.time.Duration.ofSeconds(30), o.powerButtonTimeout());
    }

    @Test
    void kernelCache() throws BootException {
        assertEquals(new KernelCacheChoice.Directory(Path.of("/kc")), parse("--kernel", "k", "--kernel-cache", "/kc").kernelCache());
        assertEquals(new KernelCacheChoice.Off(), parse("--kernel", "k", "--kernel-cache=none").kernelCache());
        assertTrue(BootOptions.help().contains("--kernel-cache=DIR|none"));
    }

    @Test
    void everything() throws BootException {
        MachineOptions o = parse("--kernel=/k", "--initrd", "/i", "--append", "console=ttyS0 quiet", "--tpm", "crb",
                "--ppi", "smi", "--ppi-policy=deny", "--tpmstate", "dir=/s", "--memory", "2G", "--cpus", "4");
        assertEquals(Optional.of(Path.of("/i")), o.initrd());
        assertEquals("console=ttyS0 quiet", o.append());
        assertEquals(TpmInterface.CRB, o.tpm());
        assertEquals(PpiTransport.SMI, o.ppi());
        assertEquals(PpiPolicy.DENY, o.ppiPolicy());
        assertEquals(Optional.of(Path.of("/s")), o.tpmState());
        assertEquals(2L << 30, o.memoryBytes());
        assertEquals(4, o.cpus());
    }

    @Test
    void ppiPolicyKeepsItsPerOperationRules() throws BootException {
        PpiPolicy p = parse("--kernel", "k", "--ppi-policy", "deny,5=allow").ppiPolicy();
        assertEquals(PpiPolicy.DENY.with(PpiOperation.ofCode(5).orElseThrow(), PolicyMode.ALLOW), p);
        assertEquals(PpiPolicy.ALLOW, parse("--kernel", "k", "--ppi-policy", "allow").ppiPolicy());
    }

    @Test
    void powerButtonTimeout() throws BootException {
        assertEquals(java.time.Duration.ofSeconds(90), parse("--kernel", "k", "--power-button-timeout", "90").powerButtonTimeout());
        assertEquals(java.time.Duration.ZERO, parse("--kernel", "k", "--power-button-timeout=0").powerButtonTimeout());
        assertTrue(BootOptions.help().contains("--power-button-timeout=SECONDS"));
    }

    @Test
    void helpGivesNothing() throws BootException {
        assertTrue(BootOptions.parse(new String[] {"--kernel", "x", "--help"}).isEmpty());
        assertTrue(BootOptions.help().contains("--ppi-policy"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--initrd i | --kernel BZIMAGE is required",
            "--kernel k --tpm tpm12 | --tpm 'tpm12' is not one of tis|crb|none",
            "--kernel k --ppi-policy maybe | --ppi-policy 'maybe': unknown PPI policy 'maybe' (expected confirm, allow or deny)",
            "--kernel k --ppi-policy deny,5=maybe | --ppi-policy 'deny,5=maybe'",
            "--kernel k --ppi-policy deny,999=allow | operation 999 is not implemented",
            "--kernel k --cpus 0 | --cpus 0 is outside 1-64",
            "--kernel k --cpus many | --cpus 'many' is not a number",
            "--kernel k --memory 12Q | --memory: memory size",
            "--kernel k --tpmstate /tmp/x | not of the form dir=DIRECTORY",
            "--kernel k --kernel j | option '--kernel' (BZIMAGE) should be specified only once",
            "--kernel k --frobnicate 1 | Unknown options: '--frobnicate', '1'",
            "--kernel k --frobnicate | Unknown option: '--frobnicate'",
            "--kernel k --memory | Missing required parameter for option '--memory' (SIZE)",
            "--kernel k --kernel-cache | Missing required parameter for option '--kernel-cache' (DIR|none)",
            "--kernel k --kernel-cache= | --kernel-cache needs a directory or 'none'",
            "--kernel k --kernel-cache a --kernel-cache b | option '--kernel-cache' (DIR|none) should be specified only once",
            "--kernel k extra | Unmatched argument at index 2: 'extra'",
            "--kernel k --tpm none --ppi smi | need a TPM",
            "--kernel k --power-button-timeout soon | --power-button-timeout 'soon' is not a whole number of seconds",
            "--kernel k --power-button-timeout 2.5 | --power-button-timeout '2.5' is not a whole number of seconds",
            "--kernel k --power-button-timeout -1 | --power-button-timeout -1 is outside 0-86400",
            "--kernel k --power-button-timeout 86401 | --power-button-timeout 86401 is outside 0-86400"})
    void badArguments(String line, String message) {
        BootException e = assertThrows(BootException.class, () -> BootOptions.parse(line.trim().split(" +")));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
