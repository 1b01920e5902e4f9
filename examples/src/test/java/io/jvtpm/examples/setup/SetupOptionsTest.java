package io.jvtpm.examples.setup;

import io.jvtpm.engine.wire.HashAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** swtpm_setup's command line as {@code jvtpm setup} takes it. */
class SetupOptionsTest {

    private static SetupOptions parse(String line) throws SetupOptions.UsageException {
        return SetupOptions.parseOrHelp(line.trim().split("\\s+")).orElseThrow();
    }

    @Test
    void libvirtLine() throws Exception {
        SetupOptions o = parse("--tpm2 --tpm-state /s --vmid vm1:0d5e --logfile /l --createek --create-ek-cert"
                + " --create-platform-cert --lock-nvram --not-overwrite");
        assertEquals(Path.of("/s"), o.stateDir());
        assertEquals("vm1:0d5e", o.vmid());
        assertEquals(Path.of("/l"), o.logFile());
        assertTrue(o.createEk() && o.createEkCert() && o.createPlatformCert() && o.lockNvram());
        assertEquals(SetupOptions.Existing.KEEP, o.existing());
        assertEquals(Set.of(HashAlgorithm.SHA256), o.pcrBanks());
        assertFalse(o.reconfigure());
        assertNull(o.signingKey());
    }

    @Test
    void oldSpellingBanksAndCa() throws Exception {
        SetupOptions o = parse("--tpmstate s --overwrite --pcr-banks sha1,SHA384 --signing-key k --issuer-cert c");
        assertEquals(Path.of("s"), o.stateDir());
        assertEquals(Path.of("/v/s"), parse("--tpm-state dir:///v/s").stateDir());
        assertEquals(SetupOptions.Existing.OVERWRITE, o.existing());
        assertEquals(Set.of(HashAlgorithm.SHA1, HashAlgorithm.SHA384), o.pcrBanks());
        assertEquals(Path.of("k"), o.signingKey());
        assertEquals(Path.of("c"), o.issuerCert());
    }

    @Test
    void defaultFailsOnExistingAndCapabilitiesNeedNoDirectory() throws Exception {
        assertEquals(SetupOptions.Existing.FAIL, parse("--tpmstate s").existing());
        assertTrue(parse("--print-capabilities").printCapabilities());
        assertTrue(SetupOptions.parseOrHelp(new String[] {"--help"}).isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--createek|--tpmstate DIR is required",
        "--tpmstate a --tpm-state b|give --tpmstate or --tpm-state, not both",
        "--tpmstate a --overwrite --not-overwrite|--overwrite and --not-overwrite exclude each other",
        "--tpmstate a --signing-key k|--signing-key and --issuer-cert go together",
        "--tpmstate a --pcr-banks sha256,md5|--pcr-banks: unknown bank 'md5' (sha1, sha256, sha384, sha512)",
        "--tpmstate a --pcr-banks sha256,|--pcr-banks: unknown bank '' (sha1, sha256, sha384, sha512)",
        "--tpmstate a --reconfigure --createek|--reconfigure changes only the PCR banks; it takes no --createek,"
            + " --create-*-cert or --overwrite",
        "--tpmstate file:///a|--tpmstate: only a directory (DIR or dir://DIR) is supported, not 'file:///a'",
        "--tpmstate a --bogus|Unknown option: '--bogus'",
        "--tpmstate a --tpmstate b|option '--tpmstate' (DIR) should be specified only once",
    })
    void badLinesAreOneLineErrors(String line, String message) {
        SetupOptions.UsageException e = assertThrows(SetupOptions.UsageException.class, () -> parse(line));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
