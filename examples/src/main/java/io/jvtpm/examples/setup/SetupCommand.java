package io.jvtpm.examples.setup;

import io.jvtpm.engine.InProcessBackend;
import io.jvtpm.engine.TpmBackendException;
import io.jvtpm.engine.wire.TpmCommands;
import io.jvtpm.engine.wire.TpmSu;
import io.jvtpm.examples.CommandLines;
import io.jvtpm.examples.socket.SocketCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code jvtpm setup ...}: swtpm_setup for jvtpm. Manufactures the TPM of a --tpmstate directory
 * in process and runs {@link Provisioner} on it: EKs, EK and platform certificates signed by the
 * CA given (or one kept in DIR/{@value CertificateAuthority#LOCAL_CA_DIR}), PCR banks.
 */
public final class SetupCommand {
    /** The engine's permanent state file: its presence means the directory holds a TPM. */
    static final String PERMANENT_STATE = "permanent.state";
    /** swtpm_setup --print-capabilities: only what this command really does. */
    static final String CAPABILITIES = "{ \"type\": \"swtpm_setup\", \"features\": [ \"tpm-2.0\","
            + " \"cmdarg-reconfigure-pcr-banks\", \"tpm2-rsa-keysize-2048\" ], \"version\": \"0.1.0\" }";

    private SetupCommand() {
    }

    /** Runs the command on its own (the same as {@code jvtpm setup ...}). */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses and runs; 0 on success, 1 when provisioning fails, 2 on a bad command line. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            var parsed = SetupOptions.parseOrHelp(args);
            if (parsed.isEmpty()) {
                out.print(CommandLines.usage(SetupOptions.spec()));
                return 0;
            }
            return run(parsed.get(), out, err);
        } catch (SetupOptions.UsageException e) {
            err.println("jvtpm setup: " + e.getMessage());
            return 2;
        }
    }

    /** The front end's entry: the options picocli read. */
    public static int execute(CommandLines.Values values, PrintStream out, PrintStream err) {
        try {
            return run(SetupOptions.of(values), out, err);
        } catch (SetupOptions.UsageException e) {
            err.println("jvtpm setup: " + e.getMessage());
            return 2;
        }
    }

    /** Runs with checked options. */
    public static int run(SetupOptions o, PrintStream out, PrintStream err) {
        if (o.printCapabilities()) {
            out.println(CAPABILITIES);
            return 0;
        }
        try (PrintStream logStream = o.logFile() == null ? null : new PrintStream(Files.newOutputStream(o.logFile(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
            PrintStream target = logStream == null ? out : logStream;
            Consumer<String> log = target::println;
            try {
                return provision(o, log);
            } catch (Provisioner.ProvisioningException | IOException | TpmBackendException e) {
                log.accept("Error: " + e.getMessage());
                err.println("jvtpm setup: " + e.getMessage());
                return 1;
            }
        } catch (IOException e) {
            err.println("jvtpm setup: cannot write log file " + o.logFile() + ": " + e.getMessage());
            return 1;
        }
    }

    private static int provision(SetupOptions o, Consumer<String> log)
            throws IOException, Provisioner.ProvisioningException {
        Path dir = o.stateDir();
        if (!Files.isDirectory(dir)) {
            throw new IOException("state directory " + dir + " does not exist");
        }
        try (FileChannel lockChannel = SocketCommand.openLockFile(dir.resolve(SocketCommand.LOCK_FILE))) {
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new IOException("state directory " + dir + " is in use in this process", e);
            }
            if (lock == null) {
                throw new IOException("state directory " + dir + " is in use by another process");
            }
            boolean exists = Files.exists(dir.resolve(PERMANENT_STATE));
            if (o.reconfigure()) {
                if (!exists) {
                    throw new IOException("--reconfigure: " + dir + " holds no TPM");
                }
            } else if (exists) {
                switch (o.existing()) {
                    case KEEP -> {
                        log.accept("Not overwriting existing state file.");
                        return 0;
                    }
                    case FAIL -> throw new IOException(dir + " already holds a TPM; give --overwrite or --not-overwrite");
                    case OVERWRITE -> removeState(dir);
                }
            }
            log.accept("Starting vTPM " + (o.reconfigure() ? "reconfiguration" : "manufacturing") + " as "
                    + System.getProperty("user.name") + " @ " + Instant.now());
            InProcessBackend tpm = InProcessBackend.open(dir);
            try {
                tpm.init(false);
                Provisioner p = new Provisioner(tpm, log);
                p.send("TPM2_Startup(CLEAR)", TpmCommands.startup(TpmSu.CLEAR));
                if (!o.reconfigure()) {
                    manufacture(o, p, log);
                }
                p.allocatePcrBanks(o.pcrBanks());
                p.send("TPM2_Shutdown(CLEAR)", TpmCommands.shutdown(TpmSu.CLEAR));
                tpm.powerOff();
            } finally {
                tpm.close();
            }
            log.accept("Successfully authored TPM state.");
            return 0;
        }
    }

    private static void manufacture(SetupOptions o, Provisioner p, Consumer<String> log)
            throws IOException, Provisioner.ProvisioningException {
        if (!o.createEk() && !o.createEkCert() && !o.createPlatformCert()) {
            return;
        }
        CertificateAuthority ca = null;
        if (o.createEkCert() || o.createPlatformCert()) {
            if (o.signingKey() != null) {
                ca = CertificateAuthority.load(o.signingKey(), o.issuerCert());
            } else {
                Path caDir = o.stateDir().resolve(CertificateAuthority.LOCAL_CA_DIR);
                ca = CertificateAuthority.localIn(caDir);
                log.accept("Certificates are signed by the CA in " + caDir + " (" + CertificateAuthority.CERT_FILE
                        + "): " + ca.certificate().getSubjectX500Principal().getName());
            }
        }
        CertificateAuthority.TpmIdentity tpmId = p.identity();
        PublicKey rsaEk = null;
        for (EkType type : EkType.values()) {
            // an EK certificate needs its EK; swtpm_setup creates it for --create-ek-cert too
            PublicKey ek = p.createEk(type);
            if (type == EkType.RSA_2048) {
                rsaEk = ek;
            }
            if (o.createEkCert()) {
                p.writeCertificate(type.certificateIndex(), encoded(ca.issueEk(ek, o.vmid(), tpmId)), o.lockNvram(),
                        type.label() + " EK certificate");
            }
        }
        if (o.createPlatformCert()) {
            CertificateAuthority.TpmIdentity platform = new CertificateAuthority.TpmIdentity("jvtpm", "jvtpm",
                    "0.1");
            p.writeCertificate(Provisioner.PLATFORM_CERT_INDEX, encoded(ca.issuePlatform(rsaEk, o.vmid(), platform)),
                    o.lockNvram(), "platform certificate");
        }
    }

    private static byte[] encoded(java.security.cert.X509Certificate c) throws IOException {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** --overwrite: the engine's state files go; the local CA and the lock file stay. */
    private static void removeState(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.state")) {
            ds.forEach(files::add);
        }
        for (Path f : files) {
            Files.delete(f);
        }
    }
}
