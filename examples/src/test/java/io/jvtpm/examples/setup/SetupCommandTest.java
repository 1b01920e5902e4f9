package io.jvtpm.examples.setup;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.NvPublic;
import io.jvtpm.engine.wire.PcrSelection;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmNvCommands;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmResponse;
import io.jvtpm.engine.wire.TpmRh;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.engine.wire.TpmaNv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jvtpm setup} against the engine in process: what it leaves in the state directory. */
class SetupCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int setup(String... args) {
        return SetupCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static TpmResponse send(InProcessBackend tpm, byte[] command) {
        return TpmResponse.parse(tpm.execute(0, command));
    }

    private static TpmResponse ok(InProcessBackend tpm, byte[] command) {
        TpmResponse r = send(tpm, command);
        assertEquals(TpmRc.SUCCESS.value(), r.rc(), () -> String.format("TPM_RC 0x%03x", r.rc()));
        return r;
    }

    private InProcessBackend started() {
        InProcessBackend tpm = InProcessBackend.open(dir);
        tpm.init(false);
        ok(tpm, TpmCommands.startup(TpmSu.CLEAR));
        return tpm;
    }

    private static byte[] readPublicArea(InProcessBackend tpm, int handle) {
        return ok(tpm, CommandBuilder.of(TpmCc.READ_PUBLIC).handle(handle).build()).read(0, r -> r.tpm2b(r.remaining()));
    }

    private static byte[] nvReadAll(InProcessBackend tpm, int index) {
        NvPublic pub = ok(tpm, TpmNvCommands.readPublic(index)).nvReadPublic().nvPublic();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int off = 0; off < pub.dataSize(); off += 512) {
            int n = Math.min(512, pub.dataSize() - off);
            data.writeBytes(ok(tpm, TpmNvCommands.read(TpmRh.OWNER.value(), index, AuthCommand.emptyPassword(), n, off))
                    .nvData());
        }
        return data.toByteArray();
    }

    private static X509Certificate certificate(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** What openssl verify -CAfile does: a PKIX path from the certificate to the CA's, no revocation. */
    private static void verifyAgainst(X509Certificate cert, X509Certificate ca) throws Exception {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert));
        PKIXParameters p = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        p.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, p);
    }

    @Test
    void libvirtProvisioningLeavesEksCertificatesAndSha256Only() throws Exception {
        assertEquals(0, setup("--tpm2", "--tpm-state", dir.toString(), "--vmid", "vm1", "--createek",
                "--create-ek-cert", "--create-platform-cert", "--lock-nvram", "--not-overwrite"), err::toString);
        X509Certificate ca = certificate(Files.readAllBytes(
                dir.resolve(CertificateAuthority.LOCAL_CA_DIR).resolve(CertificateAuthority.CERT_FILE)));
        try (InProcessBackend tpm = started()) {
            for (EkType type : EkType.values()) {
                byte[] persisted = readPublicArea(tpm, type.persistentHandle());
                TpmResponse created = ok(tpm, TpmCommands.createPrimary(TpmRh.ENDORSEMENT, new byte[0], type.template()));
                assertArrayEquals(created.read(1, r -> r.tpm2b(r.remaining())), persisted, type.label());
                ok(tpm, TpmCommands.flushContext(created.handle(0)));

                NvPublic nv = ok(tpm, TpmNvCommands.readPublic(type.certificateIndex())).nvReadPublic().nvPublic();
                assertEquals(Provisioner.CERT_INDEX_ATTRIBUTES | TpmaNv.WRITTEN | TpmaNv.WRITELOCKED,
                        nv.attributes() & ~TpmaNv.TPM_NT_MASK, type.label());
                X509Certificate cert = certificate(nvReadAll(tpm, type.certificateIndex()));
                verifyAgainst(cert, ca);
                assertEquals(Provisioner.publicKey(persisted), cert.getPublicKey(), type.label());
                assertEquals("CN=vm1", cert.getSubjectX500Principal().getName());
                assertTrue(cert.getExtendedKeyUsage().contains("2.23.133.8.1"));
                // locked: not even the platform writes it again
                assertEquals(TpmRc.NV_LOCKED.value(), send(tpm, TpmNvCommands.write(TpmRh.PLATFORM.value(),
                        type.certificateIndex(), AuthCommand.emptyPassword(), new byte[1], 0)).rc());
            }
            X509Certificate platform = certificate(nvReadAll(tpm, Provisioner.PLATFORM_CERT_INDEX));
            verifyAgainst(platform, ca);
            assertTrue(platform.getExtendedKeyUsage().contains("2.23.133.8.2"));

            List<PcrSelection> banks = ok(tpm, TpmCommands.getCapabilityPcrs()).capabilityPcrs();
            for (PcrSelection s : banks) {
                assertEquals(s.hash() == HashAlgorithm.SHA256, s.any(), s.hash() + " active");
            }
            tpm.powerOff();
        }
    }

    @Test
    void givenCaSignsAndExistingStateIsKeptRefusedOrReplaced() throws Exception {
        Path caDir = dir.resolve("myca");
        CertificateAuthority mine = CertificateAuthority.localIn(caDir);
        Path state = Files.createDirectory(dir.resolve("state"));
        String[] base = {"--tpmstate", state.toString(), "--create-ek-cert", "--signing-key",
            caDir.resolve(CertificateAuthority.KEY_FILE).toString(), "--issuer-cert",
            caDir.resolve(CertificateAuthority.CERT_FILE).toString()};
        assertEquals(0, setup(base), err::toString);
        assertTrue(Files.notExists(state.resolve(CertificateAuthority.LOCAL_CA_DIR)));
        byte[] permanent = Files.readAllBytes(state.resolve(SetupCommand.PERMANENT_STATE));

        assertEquals(1, setup(base));
        assertEquals("jvtpm setup: " + state + " already holds a TPM; give --overwrite or --not-overwrite\n",
                err.toString());
        assertArrayEquals(permanent, Files.readAllBytes(state.resolve(SetupCommand.PERMANENT_STATE)));

        assertEquals(0, setup("--tpmstate", state.toString(), "--createek", "--not-overwrite"));
        assertArrayEquals(permanent, Files.readAllBytes(state.resolve(SetupCommand.PERMANENT_STATE)));

        err.reset();
        String[] again = List.of(base).toArray(new String[0]);
        assertEquals(0, setup(concat(again, "--overwrite")), err::toString);
        try (InProcessBackend tpm = InProcessBackend.open(state)) {
            tpm.init(false);
            ok(tpm, TpmCommands.startup(TpmSu.CLEAR));
            NvPublic nv = ok(tpm, TpmNvCommands.readPublic(EkType.RSA_2048.certificateIndex())).nvReadPublic().nvPublic();
            assertEquals(0, nv.attributes() & TpmaNv.WRITELOCKED);
            verifyAgainst(certificate(nvReadAll(tpm, EkType.RSA_2048.certificateIndex())), mine.certificate());
            tpm.powerOff();
        }
    }

    @Test
    void reconfigureChangesOnlyTheBanks() throws Exception {
        assertEquals(0, setup("--tpmstate", dir.toString(), "--createek"), err::toString);
        assertEquals(0, setup("--tpmstate", dir.toString(), "--reconfigure", "--pcr-banks", "sha256,sha384"),
                err::toString);
        try (InProcessBackend tpm = started()) {
            readPublicArea(tpm, EkType.RSA_2048.persistentHandle());
            for (PcrSelection s : ok(tpm, TpmCommands.getCapabilityPcrs()).capabilityPcrs()) {
                assertEquals(s.hash() == HashAlgorithm.SHA256 || s.hash() == HashAlgorithm.SHA384, s.any(),
                        s.hash() + " active");
            }
            tpm.powerOff();
        }
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertEquals(1, setup("--tpmstate", empty.toString(), "--reconfigure"));
        assertEquals(0, setup("--print-capabilities"));
        assertTrue(out.toString().contains("\"type\": \"swtpm_setup\""));
    }

    @Test
    void aDirectoryAServerHoldsIsLeftAlone() throws Exception {
        try (java.nio.channels.FileChannel ch = io.jvtpm.examples.socket.SocketCommand.openLockFile(
                dir.resolve(io.jvtpm.examples.socket.SocketCommand.LOCK_FILE));
             java.nio.channels.FileLock held = ch.lock()) {
            assertTrue(held.isValid());
            assertEquals(1, setup("--tpmstate", dir.toString(), "--createek"));
            assertEquals("jvtpm setup: state directory " + dir + " is in use in this process\n", err.toString());
            assertTrue(Files.notExists(dir.resolve(SetupCommand.PERMANENT_STATE)));
        }
    }

    private static String[] concat(String[] a, String b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = b;
        return r;
    }
}
